import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDatasetsDir } from '../../../test/dataDirs';
import { ALICE_VOCAB } from './alice';
import { aliceText, cifar10Train, DATASET_FILES, EN_IDS, jaEnSamples, sampleCount } from './data';
import { JA_EN } from './encdec-jaen';

const dataDir = sharedDatasetsDir();
const has = (file: keyof typeof DATASET_FILES) => existsSync(path.join(dataDir, DATASET_FILES[file]));
const max = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, v), -Infinity);
const min = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.min(m, v), Infinity);
const skipNote = (file: keyof typeof DATASET_FILES) => (has(file) ? '' : ` (skipped: ${DATASET_FILES[file]} missing)`);

describe('sampleCount', () => {
  it('applies and checks limit', () => {
    expect(sampleCount(10)).toBe(10);
    expect(sampleCount(10, { limit: 3 })).toBe(3);
    expect(sampleCount(10, { limit: 30 })).toBe(10);
    expect(() => sampleCount(10, { limit: -1 })).toThrow(RangeError);
    expect(() => sampleCount(10, { limit: 1.5 })).toThrow(RangeError);
  });
});

describe.skipIf(!has('cifar10'))(`CIFAR-10 binary records${skipNote('cifar10')}`, () => {
  it('decodes labels and planar RGB into NHWC /255', async () => {
    const { pixels, labels, count } = await cifar10Train(dataDir, { limit: 10 });
    expect(count).toBe(10);
    expect(Array.from(labels)).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    // Keras x_train[0][0][0] = (59, 62, 63), x_train[0][0][1] = (43, 46, 45)
    expect(Array.from(pixels.subarray(0, 6), (v) => Math.round(v * 255))).toEqual([59, 62, 63, 43, 46, 45]);
    expect((await cifar10Train(dataDir)).count).toBe(200);
  });
});

describe.skipIf(!has('alice'))(`Alice word ids${skipNote('alice')}`, () => {
  it('keeps every word of the book within the 5,000-word vocabulary', async () => {
    const { ids, vocabulary, usedIds } = await aliceText(dataDir, ALICE_VOCAB);
    expect(ids.length).toBeGreaterThan(26_000);
    expect(usedIds).toBe(vocabulary.words.length + 1);
    expect(min(ids)).toBe(1);
    expect(max(ids)).toBe(vocabulary.words.length);
    expect(vocabulary.words[ids[1]! - 1]).toBe("alice's");
  });
});

describe.skipIf(!has('jaEn'))(`JA-EN next-word samples${skipNote('jaEn')}`, () => {
  it('expands each pair into one sample per English word plus <end>', async () => {
    const data = await jaEnSamples(dataDir, JA_EN);
    expect(data.pairs).toBe(44_917);
    const { maxEn, maxJa } = JA_EN;
    // The first pair: its samples share the Japanese row; prefixes grow by one word; the last target is <end>.
    let n = 0;
    while (data.next[n] !== EN_IDS.end) n++;
    const words = n; // samples 0..n-1 predict the words, sample n predicts <end>
    expect(words).toBeGreaterThan(0);
    for (let s = 0; s <= n; s++) {
      expect(Array.from(data.japanese.subarray(s * maxJa, (s + 1) * maxJa))).toEqual(Array.from(data.japanese.subarray(0, maxJa)));
      const prefix = Array.from(data.prefix.subarray(s * maxEn, (s + 1) * maxEn));
      expect(prefix.slice(0, maxEn - s - 1).every((id) => id === 0)).toBe(true);
      expect(prefix[maxEn - s - 1]).toBe(EN_IDS.start);
      if (s > 0) expect(prefix[maxEn - 1]).toBe(data.next[s - 1]);
    }
    expect(max(data.next)).toBeLessThan(JA_EN.enVocab);
    expect(max(data.japanese)).toBeLessThan(JA_EN.jaVocab);
    // Every pair ends with exactly one <end> sample.
    expect(data.next.filter((id) => id === EN_IDS.end).length).toBe(data.pairs);
  });
});
