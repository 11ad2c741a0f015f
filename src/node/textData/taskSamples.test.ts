import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFile, sharedDatasetsDir, sharedFile } from '../../../test/dataDirs';
import { findDataset } from '../../engine/datasets';
import type { TextDatasetSpec } from '../../engine/textDatasets';
import { DatasetPreviewSchema } from '../../shared/contract';
import { datasetStatus, previewSamples } from '../datasets';
import { parseImdbArchive } from './corpora';
import { seededRandom, shuffled } from './random';
import { textTaskSamples } from './taskSamples';
import { englishWords, reviewWords } from './tokenize';

const spec = (id: string) => findDataset(id) as TextDatasetSpec;
const ALICE = 'alice/11-0.txt';
const JA_EN = 'ja-en/jpn.txt';
const IMDB = 'imdb/aclImdb_v1_labeled.tar.gz';

/** Every field and target has `count × width` values. */
function expectWidths(s: TextDatasetSpec, samples: Awaited<ReturnType<typeof textTaskSamples>>) {
  for (const field of s.inputs) {
    expect(samples.values[field.name]!.length, field.name).toBe(samples.count * field.shape.reduce((a, b) => a * b, 1));
  }
  for (const target of s.targets) expect(samples.values[target.name]!.length, target.name).toBe(samples.count);
}

describe.skipIf(!hasSharedFile(ALICE))('Alice samples (needs ../shared/datasets/alice)', () => {
  it('splits next-word windows 90/10 without overlap and decodes them back to the book', async () => {
    const s = spec('alice-next-word');
    const train = await textTaskSamples(s, sharedFile(ALICE), 'train');
    const test = await textTaskSamples(s, sharedFile(ALICE), 'test');
    expectWidths(s, train);
    expectWidths(s, test);
    const total = train.count + test.count;
    expect(train.count).toBe(Math.round(total * 0.9));
    // The book's opening, lower-cased by the Keras-style tokenizer.
    expect(train.describe(0).input).toMatch(/^illustration alice['’]?s adventures in wonderland/);
    // Window i+1 starts one word later, so its input ends with window i's answer.
    expect(train.describe(1).input.split(' ').at(-1)).toBe(train.describe(0).label);
    // The test split continues exactly where training stopped: its first window is the last training one moved on a word.
    const lastTrain = train.describe(train.count - 1);
    expect(test.describe(0).input).toBe([...lastTrain.input.split(' ').slice(1), lastTrain.label].join(' '));
  });

  it('gives CBOW one word either side, and skip-gram positive and random pairs', async () => {
    const cbow = await textTaskSamples(spec('alice-cbow'), sharedFile(ALICE), 'train');
    expectWidths(spec('alice-cbow'), cbow);
    expect(cbow.describe(0).input.split(' ')).toHaveLength(2);
    const pairs = await textTaskSamples(spec('alice-skipgram'), sharedFile(ALICE), 'train');
    expectWidths(spec('alice-skipgram'), pairs);
    const labels = Array.from(pairs.values.is_context!);
    expect(new Set(labels)).toEqual(new Set([0, 1]));
    expect(Math.abs(labels.filter((l) => l === 1).length / labels.length - 0.5)).toBeLessThan(0.01);
  });
});

describe.skipIf(!hasSharedFile(JA_EN))('Japanese→English samples (needs ../shared/datasets/ja-en)', () => {
  it('feeds the Japanese sentence and the English so far, and answers the next word', async () => {
    const s = spec('ja-en');
    const train = await textTaskSamples(s, sharedFile(JA_EN), 'train');
    expectWidths(s, train);
    const first = train.describe(0);
    // The first sample of a pair starts the English side: only <start> so far.
    expect(first.input).toMatch(/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー。、！？]+ → <start>$/u);
    const second = train.describe(1);
    expect(second.input.endsWith(`<start> ${first.label}`)).toBe(true);

    // Decoding gives back a real pair of the file: the Japanese line, and its English word by word up to <end>.
    const japanese = first.input.split(' → ')[0]!;
    const english: string[] = [];
    for (let i = 0; train.describe(i).label !== '<end>'; i++) english.push(train.describe(i).label);
    const lines = readFileSync(sharedFile(JA_EN), 'utf8').split('\n').map((line) => line.split('\t'));
    const pair = lines.find(([, ja]) => ja === japanese);
    expect(pair, `a line with ${japanese}`).toBeDefined();
    expect(englishWords(pair![0]!)).toEqual(english);
  });
});

describe.skipIf(!hasSharedFile(IMDB))('IMDB samples (needs ../shared/datasets/imdb)', () => {
  it('encodes 25,000 reviews per split with the training vocabulary, and previews them as words', async () => {
    const s = spec('imdb');
    const test = await textTaskSamples(s, sharedFile(IMDB), 'test');
    expect(test.count).toBe(25_000);
    expectWidths(s, test);
    // The first test review, decoded, is that review's last words (out-of-vocabulary ones shown as …).
    const review = shuffled(parseImdbArchive(readFileSync(sharedFile(IMDB))).test, seededRandom(113))[0]!;
    const decoded = test.describe(0).input.split(' ');
    const words = reviewWords(review.text).slice(-decoded.length);
    expect(decoded.filter((w, i) => w !== '…' && w !== words[i])).toEqual([]);
    expect(decoded.filter((w) => w === '…').length).toBeLessThan(decoded.length / 4);
    expect(test.describe(0).label).toBe(review.label === 1 ? 'positive' : 'negative');
    const dirs = { dataDirs: [sharedDatasetsDir()], cacheDir: path.join(sharedDatasetsDir(), 'no-cache-here') };
    // The labelled repack is accepted under the original archive's name.
    expect(datasetStatus(s, dirs).files[0]).toMatchObject({ name: 'aclImdb_v1.tar.gz', source: 'data-dir', path: sharedFile(IMDB) });
    const preview = DatasetPreviewSchema.parse(await previewSamples(s, 'train', dirs, 3));
    expect(preview).toMatchObject({ kind: 'text', total: 25_000 });
    if (preview.kind !== 'text') return;
    expect(preview.samples).toHaveLength(3);
    for (const sample of preview.samples) {
      expect(['positive', 'negative']).toContain(sample.label);
      expect(sample.input.split(' ').length).toBeGreaterThan(20);
    }
  }, 120_000);
});
