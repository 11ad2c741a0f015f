import { describe, expect, it } from 'vitest';
import { cbowSamples, skipgramSamples } from './word2vec';

const pairs = (batches: Int32Array) => Array.from({ length: batches.length / 2 }, (_, i) => [batches[2 * i]!, batches[2 * i + 1]!]);

describe('cbowSamples (§8 generate_data)', () => {
  const s = cbowSamples([[11, 12, 13, 14], [21], [31, 32]], 2);

  it("takes the words up to 2 away inside the line, padded 'pre' to 4, labelled with the word", () => {
    expect(s.count).toBe(7);
    const contexts = Array.from({ length: s.count }, (_, i) => Array.from(s.contexts.subarray(4 * i, 4 * i + 4)));
    expect(contexts).toEqual([
      [0, 0, 12, 13],
      [0, 11, 13, 14],
      [0, 11, 12, 14],
      [0, 0, 12, 13],
      [0, 0, 0, 0], // a word alone on its line has an empty context
      [0, 0, 0, 32],
      [0, 0, 0, 31],
    ]);
    expect(Array.from(s.targets)).toEqual([11, 12, 13, 14, 21, 31, 32]);
  });

  it('yields every context accumulated so far in the line after each word: batches grow and overlap', () => {
    expect(pairs(s.batches)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [4, 5],
      [5, 6],
      [5, 7],
    ]);
  });
});

describe('skipgramSamples (§9 generate_data)', () => {
  const s = skipgramSamples([[11, 12, 13], [21], [31, 32]], 2);

  it('pairs each word with every word up to 2 away inside its line, in order', () => {
    const all = Array.from({ length: s.count }, (_, i) => [s.words[i]!, s.contexts[i]!]);
    expect(all).toEqual([
      [11, 12],
      [11, 13],
      [12, 11],
      [12, 13],
      [13, 11],
      [13, 12],
      [31, 32],
      [32, 31],
    ]);
  });

  it("makes one batch of each word's pairs, leaving out a lone word's empty one", () => {
    expect(pairs(s.batches)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 7],
      [7, 8],
    ]);
  });
});
