import { ALICE_NEXT_WORD_TEXT, ALICE_WORD2VEC_TEXT, IMDB_TEXT, JA_EN_TEXT, type TextDatasetSpec } from '../../engine/textDatasets';
import { IMDB_IDS, aliceNextWordCorpus, aliceWord2vecCorpus, encodeImdbReviews, jaEnCorpus } from './encoded';
import { nextWordSamples, translationSamples, type BatchRanges } from './nextWord';
import type { Vocabulary } from './vocabulary';
import { cbowSamples, skipgramSamples } from './word2vec';

/**
 * A vocabulary both ways, for previews and for encoding new text the way the
 * samples were encoded (the playground).
 */
export interface WordIds {
  /** Id → word, for every id below the vocabulary size; '' where an id is no word (0 pads; IMDB's 1 starts, 2 is unknown, 3 unused). */
  readonly words: readonly string[];
  /** Word → id: Keras' `word_index` (IMDB: rank + `index_from`), ids below the vocabulary size only. */
  readonly ids: ReadonlyMap<string, number>;
}

/** One value array per dataset input and target, `count` samples each, row-major. */
export interface TextSamples {
  count: number;
  /** Field or target name → its values (`count × width`). Class ids for sparse targets, 0/1 for binary ones. */
  values: Record<string, Int32Array | Float32Array>;
  /**
   * The batches the tutorial's generator yields for `train_on_batch`, in
   * training order: flattened `[start, end)` sample ranges. They may overlap
   * (CBOW). Present on the training split of the four corpus tasks; IMDB
   * trains with `fit` on shuffled batches.
   */
  tutorialBatches?: BatchRanges;
  /**
   * The vocabulary of each input and target that holds word ids, keyed by
   * its name: `review`; `words` and `next_word`; `context` and `word`;
   * `japanese`, and `english_prefix` and `next_word` (one shared English
   * vocabulary).
   */
  vocabularies: Readonly<Record<string, WordIds>>;
  /** A sample as words, for previews: what goes in and what should come out. */
  describe(index: number): { input: string; label: string };
}

export type TextSplit = 'train' | 'test';

export interface TextSampleOptions {
  /** The first N corpus lines (sentence pairs for ja-en); null or absent: the spec's `corpusLines`. IMDB ignores it. */
  corpusLines?: number | null;
  /** The encoder-decoder generator's `samples_size` (the Train tab's batch size); absent: the tutorial's 256. */
  batchSize?: number;
}

/** Ids of `rank + offset` form below `size`, both ways. */
function wordIds(vocabulary: Vocabulary, size: number, offset = 0): WordIds {
  const words = new Array<string>(size).fill('');
  const ids = new Map<string, number>();
  for (let rank = 1; rank + offset < size && rank <= vocabulary.words.length; rank++) {
    const word = vocabulary.words[rank - 1]!;
    words[rank + offset] = word;
    ids.set(word, rank + offset);
  }
  return { words, ids };
}

/** Words of the non-padding ids, joined by `separator`; `special` names (or hides, with null) reserved ids. */
function decoder(vocabulary: WordIds, separator = ' ', special: Record<number, string | null> = {}) {
  return (ids: ArrayLike<number>) => {
    const words: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const name = id in special ? special[id] : id === 0 ? null : (vocabulary.words[id] ?? '?');
      if (name) words.push(name);
    }
    return words.join(separator);
  };
}

function rows(values: Int32Array, width: number, i: number): Int32Array {
  return values.subarray(i * width, (i + 1) * width);
}

function checkedDescribe(count: number, describe: TextSamples['describe']): TextSamples['describe'] {
  return (i) => {
    if (!(Number.isInteger(i) && i >= 0 && i < count)) throw new RangeError(`sample ${i} is outside 0…${count - 1}`);
    return describe(i);
  };
}

/**
 * The corpora have no test split in the tutorial: their `test` split is
 * empty (the trainer skips evaluation), with the training vocabularies.
 */
function forSplit(samples: TextSamples, split: TextSplit): TextSamples {
  if (split === 'train') return samples;
  const values = Object.fromEntries(Object.entries(samples.values).map(([name, v]) => [name, v.subarray(0, 0)]));
  return { count: 0, values, vocabularies: samples.vocabularies, describe: checkedDescribe(0, () => ({ input: '', label: '' })) };
}

function corpusLines(spec: TextDatasetSpec, options: TextSampleOptions): number {
  const lines = options.corpusLines ?? spec.corpusLines;
  if (!(typeof lines === 'number' && Number.isInteger(lines) && lines >= 1)) {
    throw new RangeError(`${spec.id}: corpusLines must be a positive integer, got ${String(lines)}`);
  }
  return lines;
}

async function sentiment(file: string, split: TextSplit): Promise<TextSamples> {
  const reviews = await encodeImdbReviews(file, IMDB_TEXT, split);
  const review = wordIds(reviews.vocabulary, IMDB_TEXT.numWords, IMDB_IDS.indexFrom);
  const decode = decoder(review, ' ', { [IMDB_IDS.start]: null, [IMDB_IDS.oov]: '…' });
  return {
    count: reviews.count,
    values: { review: reviews.ids, sentiment: reviews.labels },
    vocabularies: { review },
    describe: checkedDescribe(reviews.count, (i) => ({
      input: decode(rows(reviews.ids, IMDB_TEXT.maxlen, i)),
      label: reviews.labels[i] === 1 ? 'positive' : 'negative',
    })),
  };
}

async function nextWord(file: string, lines: number): Promise<TextSamples> {
  const { maxlen, vocabulary: size } = ALICE_NEXT_WORD_TEXT;
  const corpus = await aliceNextWordCorpus(file, lines, size);
  const samples = nextWordSamples(corpus.sequences, maxlen);
  const words = wordIds(corpus.tokenizer.vocabulary, size);
  const decode = decoder(words);
  return {
    count: samples.count,
    values: { words: samples.inputs, next_word: samples.targets },
    tutorialBatches: samples.batches,
    vocabularies: { words, next_word: words },
    describe: checkedDescribe(samples.count, (i) => ({ input: decode(rows(samples.inputs, maxlen, i)), label: decode([samples.targets[i]!]) })),
  };
}

async function word2vec(file: string, lines: number, task: 'cbow' | 'skipgram'): Promise<TextSamples> {
  const { windowSize, vocabulary: size } = ALICE_WORD2VEC_TEXT;
  const corpus = await aliceWord2vecCorpus(file, lines, size);
  const words = wordIds(corpus.tokenizer.vocabulary, size);
  const decode = decoder(words);
  if (task === 'skipgram') {
    const pairs = skipgramSamples(corpus.sequences, windowSize);
    return {
      count: pairs.count,
      values: { word: pairs.words, context: pairs.contexts },
      tutorialBatches: pairs.batches,
      vocabularies: { word: words, context: words },
      describe: checkedDescribe(pairs.count, (i) => ({ input: decode([pairs.words[i]!]), label: decode([pairs.contexts[i]!]) })),
    };
  }
  const samples = cbowSamples(corpus.sequences, windowSize);
  return {
    count: samples.count,
    values: { context: samples.contexts, word: samples.targets },
    tutorialBatches: samples.batches,
    vocabularies: { context: words, word: words },
    describe: checkedDescribe(samples.count, (i) => ({
      input: decode(rows(samples.contexts, 2 * windowSize, i)),
      label: decode([samples.targets[i]!]),
    })),
  };
}

async function translation(file: string, pairs: number, batchSize: number = JA_EN_TEXT.batchSize): Promise<TextSamples> {
  const { encoderMaxlen, decoderMaxlen, jaVocabulary, enVocabulary } = JA_EN_TEXT;
  const corpus = await jaEnCorpus(file, pairs, { japanese: jaVocabulary, english: enVocabulary });
  const samples = translationSamples(corpus.japanese.sequences, corpus.english.sequences, { encoderMaxlen, decoderMaxlen, batchSize });
  const japanese = wordIds(corpus.japanese.tokenizer.vocabulary, jaVocabulary);
  const english = wordIds(corpus.english.tokenizer.vocabulary, enVocabulary);
  // Japanese is written without spaces between words.
  const ja = decoder(japanese, '');
  const en = decoder(english);
  return {
    count: samples.count,
    values: { japanese: samples.encoder, english_prefix: samples.decoder, next_word: samples.targets },
    tutorialBatches: samples.batches,
    vocabularies: { japanese, english_prefix: english, next_word: english },
    describe: checkedDescribe(samples.count, (i) => ({
      input: `${ja(rows(samples.encoder, encoderMaxlen, i))} → ${en(rows(samples.decoder, decoderMaxlen, i))}`,
      label: en([samples.targets[i]!]),
    })),
  };
}

/**
 * A text dataset's samples for one split, from its corpus file, prepared as
 * the tutorial prepares them (see src/engine/textDatasets.ts for the shapes
 * and src/node/textData/encoded.ts for each corpus).
 */
export async function textTaskSamples(
  spec: TextDatasetSpec,
  file: string,
  split: TextSplit,
  options: TextSampleOptions = {},
): Promise<TextSamples> {
  switch (spec.task) {
    case 'sentiment':
      return sentiment(file, split);
    case 'next-word':
      return forSplit(await nextWord(file, corpusLines(spec, options)), split);
    case 'cbow':
    case 'skipgram':
      return forSplit(await word2vec(file, corpusLines(spec, options), spec.task), split);
    case 'translation':
      return forSplit(await translation(file, corpusLines(spec, options), options.batchSize), split);
  }
}
