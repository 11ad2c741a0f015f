import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFile, sharedDatasetsDir, sharedFile } from '../../../test/dataDirs';
import { findDataset } from '../../engine/datasets';
import { ALICE_NEXT_WORD_TEXT, ALICE_WORD2VEC_TEXT, JA_EN_TEXT, type TextDatasetSpec } from '../../engine/textDatasets';
import { DatasetPreviewSchema } from '../../shared/contract';
import { datasetStatus, previewSamples } from '../datasets';
import { parseImdbArchive } from './corpora';
import { aliceNextWordCorpus, aliceWord2vecCorpus, jaEnCorpus } from './encoded';
import { seededRandom, shuffled } from './random';
import { textTaskSamples, type TextSamples } from './taskSamples';
import { reviewWords } from './tokenize';

const spec = (id: string) => findDataset(id) as TextDatasetSpec;
const ALICE = 'alice/11-0.txt';
const JA_EN = 'ja-en/jpn.txt';
const IMDB = 'imdb/aclImdb_v1_labeled.tar.gz';

/** Every field and target has `count × width` values. */
function expectWidths(s: TextDatasetSpec, samples: TextSamples) {
  for (const field of s.inputs) {
    expect(samples.values[field.name]!.length, field.name).toBe(samples.count * field.shape.reduce((a, b) => a * b, 1));
  }
  for (const target of s.targets) expect(samples.values[target.name]!.length, target.name).toBe(samples.count);
}

/** Every id of every input and sparse target is below the spec's vocabulary. */
function expectIdsInVocabulary(s: TextDatasetSpec, samples: TextSamples) {
  const largest = (values: Iterable<number>) => {
    let max = 0;
    for (const v of values) max = Math.max(max, v);
    return max;
  };
  for (const field of s.inputs) expect(largest(samples.values[field.name]!), field.name).toBeLessThan(field.vocabulary!);
  for (const target of s.targets.filter((t) => t.encoding === 'sparse')) {
    expect(largest(samples.values[target.name]!), target.name).toBeLessThan(target.shape[0]!);
  }
}

const ranges = (batches: Int32Array | undefined) =>
  Array.from({ length: (batches?.length ?? 0) / 2 }, (_, i) => [batches![2 * i]!, batches![2 * i + 1]!] as const);
const row = (values: Int32Array | Float32Array, width: number, i: number) => Array.from(values.subarray(i * width, (i + 1) * width));
const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

describe.skipIf(!hasSharedFile(ALICE))('Alice samples (needs ../shared/datasets/alice)', () => {
  const file = () => sharedFile(ALICE);

  it('keeps the static shapes, vocabularies and counts of textDatasets.ts equal to what the pinned file gives', async () => {
    const lm = await aliceNextWordCorpus(file(), ALICE_NEXT_WORD_TEXT.lines);
    // maxlen = max([len(x)-1 for x in doc]); vocab_size = len(word_index)+1
    expect(maxOf(lm.sequences.map((s) => s.length - 1))).toBe(ALICE_NEXT_WORD_TEXT.maxlen);
    expect(lm.tokenizer.vocabulary.words.length + 1).toBe(ALICE_NEXT_WORD_TEXT.vocabulary);
    const next = await textTaskSamples(spec('alice-next-word'), file(), 'train');
    expect(next.count).toBe(ALICE_NEXT_WORD_TEXT.samples);
    expect(next.count).toBe(lm.sequences.reduce((n, s) => n + s.length - 1, 0)); // words_size
    expect(spec('alice-next-word').samples).toEqual({ train: next.count, test: 0 });
    expect(ranges(next.tutorialBatches)).toHaveLength(ALICE_NEXT_WORD_TEXT.tutorialBatches);

    const w2v = await aliceWord2vecCorpus(file(), ALICE_WORD2VEC_TEXT.lines);
    expect(w2v.tokenizer.vocabulary.words.length + 1).toBe(ALICE_WORD2VEC_TEXT.vocabulary);
    const cbow = await textTaskSamples(spec('alice-cbow'), file(), 'train');
    const skipgram = await textTaskSamples(spec('alice-skipgram'), file(), 'train');
    expect(cbow.count).toBe(ALICE_WORD2VEC_TEXT.cbowSamples);
    expect(ranges(cbow.tutorialBatches)).toHaveLength(ALICE_WORD2VEC_TEXT.cbowTutorialBatches);
    expect(ranges(cbow.tutorialBatches).reduce((n, [start, end]) => n + end - start, 0)).toBe(ALICE_WORD2VEC_TEXT.cbowSamplesPerPass);
    for (const id of ['alice-next-word', 'alice-cbow', 'alice-skipgram'] as const) {
      const pass = spec(id).tutorialPass!;
      const samples = id === 'alice-next-word' ? next : id === 'alice-cbow' ? cbow : skipgram;
      expect([id, ranges(samples.tutorialBatches).length, ranges(samples.tutorialBatches).reduce((n, [a, b]) => n + b - a, 0)]).toEqual([id, pass.batches, pass.samples]);
    }
    expect(skipgram.count).toBe(ALICE_WORD2VEC_TEXT.skipgramSamples);
    expect(ranges(skipgram.tutorialBatches)).toHaveLength(ALICE_WORD2VEC_TEXT.skipgramTutorialBatches);
    expect(spec('alice-cbow').samples).toEqual({ train: cbow.count, test: 0 });
    expect(spec('alice-skipgram').samples).toEqual({ train: skipgram.count, test: 0 });
    for (const [id, samples] of [
      ['alice-next-word', next],
      ['alice-cbow', cbow],
      ['alice-skipgram', skipgram],
    ] as const) {
      expectWidths(spec(id), samples);
      expectIdsInVocabulary(spec(id), samples);
    }
  });

  it('cuts the language model samples of each line as §5 generate_data does, one batch per line', async () => {
    const s = await textTaskSamples(spec('alice-next-word'), file(), 'train');
    // Line 1 is "[Illustration]", one word: no samples. Line 6 is "Alice’s Adventures in Wonderland", quotes folded.
    expect([0, 1, 2, 3, 4].map((i) => s.describe(i))).toEqual([
      { input: "alice's", label: 'adventures' },
      { input: "alice's adventures", label: 'in' },
      { input: "alice's adventures in", label: 'wonderland' },
      { input: 'by', label: 'lewis' },
      { input: 'by lewis', label: 'carroll' },
    ]);
    const ids = s.vocabularies.words!.ids;
    const id = (w: string) => ids.get(w)!;
    expect(row(s.values.words!, ALICE_NEXT_WORD_TEXT.maxlen, 1)).toEqual([...new Array<number>(12).fill(0), id("alice's"), id('adventures')]);
    expect(s.values.next_word![1]).toBe(id('in'));
    // "the" is the most frequent word of the first 50 lines.
    expect(id('the')).toBe(1);
    expect(s.vocabularies.next_word!.words[1]).toBe('the');
    expect(ranges(s.tutorialBatches).slice(0, 3)).toEqual([
      [0, 3],
      [3, 5],
      [5, 10], // "THE MILLENNIUM FULCRUM EDITION 3.0": 3.0 is two words
    ]);
    expect(s.describe(9)).toEqual({ input: 'the millennium fulcrum edition 3', label: '0' });
    // The batches cover every sample once, in order.
    expect(ranges(s.tutorialBatches).flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k))).toEqual(
      Array.from({ length: s.count }, (_, i) => i),
    );
  });

  it('gives CBOW the words up to 2 away on the line, and batches that grow within a line', async () => {
    const s = await textTaskSamples(spec('alice-cbow'), file(), 'train');
    // The first line with two spaces is "Alice’s Adventures in Wonderland"; the ' filter splits alice's.
    expect([0, 1, 2, 3, 4, 5].map((i) => s.describe(i))).toEqual([
      { input: 's adventures', label: 'alice' },
      { input: 'alice adventures in', label: 's' },
      { input: 'alice s in wonderland', label: 'adventures' },
      { input: 's adventures wonderland', label: 'in' },
      { input: 'adventures in', label: 'wonderland' },
      { input: 'lewis carroll', label: 'by' },
    ]);
    expect(row(s.values.context!, 4, 0)).toEqual([0, 0, ...[s.values.word![1]!, s.values.word![2]!]]);
    expect(ranges(s.tutorialBatches).slice(0, 7)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
      [5, 6],
      [5, 7],
    ]);
    // Over a pass the generator feeds L(L+1)/2 samples for a line of L words.
    const corpus = await aliceWord2vecCorpus(file(), ALICE_WORD2VEC_TEXT.lines);
    const fed = ranges(s.tutorialBatches).reduce((n, [a, b]) => n + b - a, 0);
    expect(fed).toBe(corpus.sequences.reduce((n, line) => n + (line.length * (line.length + 1)) / 2, 0));
    expect(s.vocabularies.context!.ids.has("alice's")).toBe(false);
  });

  it('pairs each skip-gram word with its neighbours up to 2 away, one batch per word', async () => {
    const s = await textTaskSamples(spec('alice-skipgram'), file(), 'train');
    expect([0, 1, 2, 3, 4].map((i) => s.describe(i))).toEqual([
      { input: 'alice', label: 's' },
      { input: 'alice', label: 'adventures' },
      { input: 's', label: 'alice' },
      { input: 's', label: 'adventures' },
      { input: 's', label: 'in' },
    ]);
    expect(ranges(s.tutorialBatches).slice(0, 3)).toEqual([
      [0, 2],
      [2, 5],
      [5, 9],
    ]);
    const corpus = await aliceWord2vecCorpus(file(), ALICE_WORD2VEC_TEXT.lines);
    const neighbours = (length: number) => Array.from({ length }, (_, i) => Math.min(i, 2) + Math.min(length - 1 - i, 2));
    expect(s.count).toBe(corpus.sequences.reduce((n, line) => n + neighbours(line.length).reduce((a, b) => a + b, 0), 0));
  });

  it('has an empty test split: the tutorial evaluates none of its corpora', async () => {
    for (const id of ['alice-next-word', 'alice-cbow', 'alice-skipgram']) {
      const test = await textTaskSamples(spec(id), file(), 'test');
      expect(test.count, id).toBe(0);
      expectWidths(spec(id), test);
      expect(test.tutorialBatches).toBeUndefined();
      expect(() => test.describe(0)).toThrow(RangeError);
    }
  });

  it("keeps the spec's shapes with other line counts: cut 'pre' to maxlen, ids past the vocabulary dropped", async () => {
    // 1,000 lines have lines of 16 known words, past the tutorial's maxlen of 14 + 1.
    const lines = 1000;
    const s = await textTaskSamples(spec('alice-next-word'), file(), 'train', { corpusLines: lines });
    expectWidths(spec('alice-next-word'), s);
    expectIdsInVocabulary(spec('alice-next-word'), s);
    // The 1,000-line tokenizer knows many more words than the spec's 163; Tokenizer(nb_words=164) drops the rest.
    const full = await aliceNextWordCorpus(file(), lines);
    expect(full.tokenizer.vocabulary.words.length).toBeGreaterThan(ALICE_NEXT_WORD_TEXT.vocabulary);
    const kept = await aliceNextWordCorpus(file(), lines, ALICE_NEXT_WORD_TEXT.vocabulary);
    expect(s.count).toBe(kept.sequences.reduce((n, seq) => n + seq.length - 1, 0));
    // A line longer than maxlen + 1: its longest prefix keeps its last 14 ids.
    const batches = ranges(s.tutorialBatches);
    const line = kept.sequences.findIndex((seq) => seq.length > ALICE_NEXT_WORD_TEXT.maxlen + 1);
    expect(line).toBeGreaterThanOrEqual(0);
    const sequence = kept.sequences[line]!;
    const last = batches[line]![1] - 1;
    expect(row(s.values.words!, ALICE_NEXT_WORD_TEXT.maxlen, last)).toEqual(sequence.slice(-1 - ALICE_NEXT_WORD_TEXT.maxlen, -1));
    expect(s.values.next_word![last]).toBe(sequence.at(-1));

    const few = await textTaskSamples(spec('alice-cbow'), file(), 'train', { corpusLines: 40 });
    expectWidths(spec('alice-cbow'), few);
    expect(few.count).toBeLessThan(ALICE_WORD2VEC_TEXT.cbowSamples);
    await expect(textTaskSamples(spec('alice-cbow'), file(), 'train', { corpusLines: 0 })).rejects.toThrow(/alice-cbow: corpusLines/);
  });
});

describe.skipIf(!hasSharedFile(JA_EN))('Japanese→English samples (needs ../shared/datasets/ja-en)', () => {
  const file = () => sharedFile(JA_EN);

  it('keeps the static shapes, vocabularies and counts of textDatasets.ts equal to what the pinned file gives', async () => {
    const corpus = await jaEnCorpus(file(), JA_EN_TEXT.pairs);
    expect(maxOf(corpus.japanese.sequences.map((s) => s.length))).toBe(JA_EN_TEXT.encoderMaxlen);
    expect(maxOf(corpus.english.sequences.map((s) => s.length - 1))).toBe(JA_EN_TEXT.decoderMaxlen);
    expect(corpus.japanese.tokenizer.vocabulary.words.length + 1).toBe(JA_EN_TEXT.jaVocabulary);
    expect(corpus.english.tokenizer.vocabulary.words.length + 1).toBe(JA_EN_TEXT.enVocabulary);
    const s = await textTaskSamples(spec('ja-en'), file(), 'train');
    expect(s.count).toBe(JA_EN_TEXT.samples);
    expect(spec('ja-en').samples).toEqual({ train: s.count, test: 0 });
    expect(ranges(s.tutorialBatches)).toHaveLength(JA_EN_TEXT.tutorialBatches);
    expectWidths(spec('ja-en'), s);
    expectIdsInVocabulary(spec('ja-en'), s);
    expect((await textTaskSamples(spec('ja-en'), file(), 'test')).count).toBe(0);
  });

  it('segments the Japanese with kuromoji and frames the English with GOS … EOS', async () => {
    const s = await textTaskSamples(spec('ja-en'), file(), 'train');
    // Pair 1: "Go." / "行け。" → 行け (。 is filtered), gos go eos.
    expect([0, 1, 2, 3].map((i) => s.describe(i))).toEqual([
      { input: '行け → gos', label: 'go' },
      { input: '行け → gos go', label: 'eos' },
      { input: '行きなさい → gos', label: 'go' },
      { input: '行きなさい → gos go', label: 'eos' },
    ]);
    const ja = s.vocabularies.japanese!.ids;
    const en = s.vocabularies.english_prefix!.ids;
    expect(s.vocabularies.next_word).toBe(s.vocabularies.english_prefix);
    // 行きなさい is two words; 。 is a filter character, never a word.
    expect([ja.has('行け'), ja.has('行き'), ja.has('なさい'), ja.has('行きなさい'), ja.has('。')]).toEqual([true, true, true, false, false]);
    expect(row(s.values.japanese!, JA_EN_TEXT.encoderMaxlen, 2)).toEqual([0, 0, 0, ja.get('行き'), ja.get('なさい')]);
    expect(row(s.values.english_prefix!, JA_EN_TEXT.decoderMaxlen, 1)).toEqual([0, en.get('gos'), en.get('go')]);
    // Every pair starts with gos and ends with eos: gos and eos occur once per pair, more than any word.
    expect([s.vocabularies.next_word!.words[1], s.vocabularies.next_word!.words[2]]).toEqual(['gos', 'eos']);
    const targets = Array.from(s.values.next_word!);
    expect(targets.filter((t) => t === en.get('eos'))).toHaveLength(JA_EN_TEXT.pairs);
    expect(targets).not.toContain(en.get('gos'));
  });

  it("keeps the spec's shapes with more pairs, and cuts batches of 256 samples across pairs, the last one partial", async () => {
    const pairs = 400;
    const s = await textTaskSamples(spec('ja-en'), file(), 'train', { corpusLines: pairs });
    expectWidths(spec('ja-en'), s);
    expectIdsInVocabulary(spec('ja-en'), s);
    // A Japanese sentence longer than encoder_maxlen keeps its last words (truncating='pre').
    const kept = await jaEnCorpus(file(), pairs, { japanese: JA_EN_TEXT.jaVocabulary, english: JA_EN_TEXT.enVocabulary });
    const long = kept.japanese.sequences.findIndex((seq) => seq.length > JA_EN_TEXT.encoderMaxlen);
    expect(long).toBeGreaterThan(0);
    const first = kept.english.sequences.slice(0, long).reduce((n, en) => n + en.length - 1, 0);
    expect(row(s.values.japanese!, JA_EN_TEXT.encoderMaxlen, first)).toEqual(kept.japanese.sequences[long]!.slice(-JA_EN_TEXT.encoderMaxlen));
    const batches = ranges(s.tutorialBatches);
    expect(batches.length).toBe(Math.ceil(s.count / JA_EN_TEXT.batchSize));
    expect(batches.slice(0, -1).every(([a, b], k) => a === k * 256 && b === a + 256)).toBe(true);
    expect(batches.at(-1)![1]).toBe(s.count);
  });
});

describe.skipIf(!hasSharedFile(IMDB))('IMDB samples (needs ../shared/datasets/imdb)', () => {
  it('splits the 25,000 training reviews 20,000 / 5,000 as Keras 1.0.2 did, and previews them as words', async () => {
    const s = spec('imdb');
    const train = await textTaskSamples(s, sharedFile(IMDB), 'train');
    const test = await textTaskSamples(s, sharedFile(IMDB), 'test');
    expect([train.count, test.count]).toEqual([20_000, 5_000]);
    expect(s.samples).toEqual({ train: 20_000, test: 5_000 });
    expectWidths(s, train);
    expectWidths(s, test);
    expectIdsInVocabulary(s, test);
    expect(train.tutorialBatches).toBeUndefined();
    // Every review starts with start_char 1 after the front padding.
    expect(row(train.values.review!, 140, 0).find((id) => id !== 0)).toBe(1);
    // The test reviews are the last 5,000 of the shuffled training reviews; decoded, the first is that review's last words.
    const review = shuffled(parseImdbArchive(readFileSync(sharedFile(IMDB))).train, seededRandom(113))[20_000]!;
    const decoded = test.describe(0).input.split(' ');
    const words = reviewWords(review.text).slice(-decoded.length);
    expect(decoded.filter((w, i) => w !== '…' && w !== words[i])).toEqual([]);
    expect(decoded.filter((w) => w === '…').length).toBeLessThan(decoded.length / 4);
    expect(test.describe(0).label).toBe(review.label === 1 ? 'positive' : 'negative');
    // Word ids are frequency ranks + index_from 3: the most frequent word is 4.
    expect(test.vocabularies.review!.words[4]).toBe('the');
    expect(test.vocabularies.review!.words).toHaveLength(20_000);

    const dirs = { dataDirs: [sharedDatasetsDir()], cacheDir: path.join(sharedDatasetsDir(), 'no-cache-here') };
    // The labelled repack is accepted under the original archive's name.
    expect(datasetStatus(s, dirs).files[0]).toMatchObject({ name: 'aclImdb_v1.tar.gz', source: 'data-dir', path: sharedFile(IMDB) });
    const preview = DatasetPreviewSchema.parse(await previewSamples(s, 'train', dirs, 3));
    expect(preview).toMatchObject({ kind: 'text', total: 20_000 });
    if (preview.kind !== 'text') return;
    expect(preview.samples).toHaveLength(3);
    for (const sample of preview.samples) {
      expect(['positive', 'negative']).toContain(sample.label);
      expect(sample.input.split(' ').length).toBeGreaterThan(20);
    }
  }, 120_000);
});
