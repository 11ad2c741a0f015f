import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { cbowWindows, skipgrams } from './word2vec';

describe('cbowWindows', () => {
  it('pairs each inner word with its neighbours', () => {
    const w = cbowWindows([1, 2, 3, 4, 5], 1);
    expect(w.count).toBe(3);
    expect(Array.from(w.contexts)).toEqual([1, 3, 2, 4, 3, 5]);
    expect(Array.from(w.targets)).toEqual([2, 3, 4]);
  });

  it('uses windowSize words on each side', () => {
    const w = cbowWindows([1, 2, 3, 4, 5, 6], 2);
    expect(Array.from(w.contexts)).toEqual([1, 2, 4, 5, 2, 3, 5, 6]);
    expect(Array.from(w.targets)).toEqual([3, 4]);
  });
});

describe('skipgrams (Keras semantics)', () => {
  it('makes every in-window pair a positive, skips padding, and adds as many negatives', () => {
    const s = skipgrams([1, 2, 0, 3], 10, { windowSize: 1, shuffle: false, random: seededRandom(1) });
    // positives: (1,2) (2,1); 0 is never paired; 3 has only the padding neighbour
    expect(s.count).toBe(4);
    expect(Array.from(s.labels)).toEqual([1, 1, 0, 0]);
    expect(Array.from(s.words.subarray(0, 2))).toEqual([1, 2]);
    expect(Array.from(s.contexts.subarray(0, 2))).toEqual([2, 1]);
    for (const w of s.words.subarray(2)) expect([1, 2]).toContain(w);
    for (const c of s.contexts.subarray(2)) {
      expect(c).toBeGreaterThanOrEqual(1);
      expect(c).toBeLessThanOrEqual(9);
    }
  });

  it('shuffles pairs and labels together, reproducibly for a seed', () => {
    const ids = Array.from({ length: 50 }, (_, i) => (i % 7) + 1);
    const a = skipgrams(ids, 8, { windowSize: 2, random: seededRandom(7) });
    const b = skipgrams(ids, 8, { windowSize: 2, random: seededRandom(7) });
    expect(a).toEqual(b);
    const unshuffled = skipgrams(ids, 8, { windowSize: 2, shuffle: false, random: seededRandom(7) });
    expect(a.count).toBe(unshuffled.count);
    expect(a.labels.reduce((x, y) => x + y, 0)).toBe(a.count / 2);
    // a positive pair keeps its label: every label-1 pair is within the window somewhere
    const positives = new Set<string>();
    for (let i = 0; i < unshuffled.count; i++) if (unshuffled.labels[i]) positives.add(`${unshuffled.words[i]},${unshuffled.contexts[i]}`);
    for (let i = 0; i < a.count; i++) if (a.labels[i]) expect(positives.has(`${a.words[i]},${a.contexts[i]}`)).toBe(true);
  });

  it('returns no pairs for an empty sequence', () => {
    expect(skipgrams([], 5, { random: seededRandom(1) }).count).toBe(0);
  });
});
