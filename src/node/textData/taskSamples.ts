import { ALICE_TEXT, IMDB_TEXT, JA_EN_TEXT, type TextDatasetSpec } from '../../engine/textDatasets';
import { EN_IDS, IMDB_IDS, JA_IDS, encodeAliceText, encodeImdbReviews, encodeJaEnSamples } from './encoded';
import { seededRandom } from './random';
import { nextWordWindows } from './sequences';
import type { Vocabulary } from './vocabulary';
import { cbowWindows, skipgrams } from './word2vec';

/** One value array per dataset input and target, `count` samples each, row-major. */
export interface TextSamples {
  count: number;
  /** Field or target name → its values (`count × width`). Class ids for sparse targets, 0/1 for binary ones. */
  values: Record<string, Int32Array | Float32Array>;
  /** A sample as words, for previews: what goes in and what should come out. */
  describe(index: number): { input: string; label: string };
}

export type TextSplit = 'train' | 'test';

/** Decodes ids of `rank + offset` form (ranks from 1), leaving out padding and naming special ids. */
function decoder(vocabulary: Vocabulary, offset: number, special: Record<number, string | null>) {
  return (ids: ArrayLike<number>) => {
    const words: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id in special) {
        const name = special[id];
        if (name) words.push(name);
      } else words.push(vocabulary.words[id - offset - 1] ?? '?');
    }
    return words.join(' ');
  };
}

/**
 * The first `1 - testFraction` of the samples train, the rest test, for
 * corpora without a split of their own. Samples come in a fixed (seeded)
 * order, so the split is the same on every run.
 */
function splitRange(count: number, spec: TextDatasetSpec, split: TextSplit): [number, number] {
  const trainCount = Math.round(count * (1 - spec.testFraction));
  return split === 'train' ? [0, trainCount] : [trainCount, count];
}

function sliceRows<T extends Int32Array | Float32Array>(values: T, width: number, [from, to]: [number, number]): T {
  return values.subarray(from * width, to * width) as T;
}

async function sentiment(spec: TextDatasetSpec, file: string, split: TextSplit): Promise<TextSamples> {
  const reviews = await encodeImdbReviews(file, IMDB_TEXT, split);
  const decode = decoder(reviews.vocabulary, IMDB_IDS.indexFrom, { [IMDB_IDS.pad]: null, [IMDB_IDS.start]: null, [IMDB_IDS.oov]: '…' });
  const width = IMDB_TEXT.maxlen;
  return {
    count: reviews.count,
    values: { review: reviews.ids, sentiment: reviews.labels },
    describe: (i) => ({
      input: decode(reviews.ids.subarray(i * width, (i + 1) * width)),
      label: reviews.labels[i] === 1 ? 'positive' : 'negative',
    }),
  };
}

async function aliceTask(spec: TextDatasetSpec, file: string, split: TextSplit): Promise<TextSamples> {
  const { ids, vocabulary, usedIds } = await encodeAliceText(file, ALICE_TEXT.vocabulary);
  const decode = decoder(vocabulary, 0, { 0: null });
  if (spec.task === 'skipgram') {
    const pairs = skipgrams(ids, usedIds, { windowSize: ALICE_TEXT.skipgramWindow, random: seededRandom(42) });
    const range = splitRange(pairs.count, spec, split);
    const word = sliceRows(pairs.words, 1, range);
    const context = sliceRows(pairs.contexts, 1, range);
    const labels = Float32Array.from(sliceRows(Int32Array.from(pairs.labels), 1, range));
    return {
      count: range[1] - range[0],
      values: { word, context, is_context: labels },
      describe: (i) => ({ input: `${decode([word[i]!])} · ${decode([context[i]!])}`, label: labels[i] === 1 ? 'nearby' : 'random' }),
    };
  }
  const window = spec.task === 'cbow' ? cbowWindows(ids, ALICE_TEXT.cbowWindow) : nextWordWindows(ids, ALICE_TEXT.lmWindow, 1);
  const inputs = 'contexts' in window ? window.contexts : window.inputs;
  const width = spec.task === 'cbow' ? 2 * ALICE_TEXT.cbowWindow : ALICE_TEXT.lmWindow;
  const range = splitRange(window.count, spec, split);
  const rows = sliceRows(inputs, width, range);
  const targets = sliceRows(window.targets, 1, range);
  const [inputName, targetName] = spec.task === 'cbow' ? ['context', 'word'] : ['words', 'next_word'];
  return {
    count: range[1] - range[0],
    values: { [inputName]: rows, [targetName]: targets },
    describe: (i) => ({ input: decode(rows.subarray(i * width, (i + 1) * width)), label: decode([targets[i]!]) }),
  };
}

async function translation(spec: TextDatasetSpec, file: string, split: TextSplit): Promise<TextSamples> {
  const data = await encodeJaEnSamples(file, JA_EN_TEXT);
  const range = splitRange(data.count, spec, split);
  const japanese = sliceRows(data.japanese, JA_EN_TEXT.maxJa, range);
  const prefix = sliceRows(data.prefix, JA_EN_TEXT.maxEn, range);
  const next = sliceRows(data.next, 1, range);
  const ja = (ids: ArrayLike<number>) => decoder(data.jaVocabulary, JA_IDS.indexFrom, { [JA_IDS.pad]: null, [JA_IDS.oov]: '？' })(ids).replace(/ /g, '');
  const en = decoder(data.enVocabulary, EN_IDS.indexFrom, {
    [EN_IDS.pad]: null,
    [EN_IDS.oov]: '…',
    [EN_IDS.start]: '<start>',
    [EN_IDS.end]: '<end>',
  });
  return {
    count: range[1] - range[0],
    values: { japanese, english_prefix: prefix, next_word: next },
    describe: (i) => ({
      input: `${ja(japanese.subarray(i * JA_EN_TEXT.maxJa, (i + 1) * JA_EN_TEXT.maxJa))} → ${en(prefix.subarray(i * JA_EN_TEXT.maxEn, (i + 1) * JA_EN_TEXT.maxEn))}`,
      label: en([next[i]!]),
    }),
  };
}

/** A text dataset's samples for one split, from its corpus file. */
export async function textTaskSamples(spec: TextDatasetSpec, file: string, split: TextSplit): Promise<TextSamples> {
  switch (spec.corpus) {
    case 'imdb':
      return sentiment(spec, file, split);
    case 'alice':
      return aliceTask(spec, file, split);
    case 'ja-en':
      return translation(spec, file, split);
  }
}
