import { describe, expect, it } from 'vitest';
import { nextWordWindows, padSequences } from './sequences';

describe('padSequences (Keras pad_sequences)', () => {
  it("pads and truncates at the front by default ('pre')", () => {
    expect(Array.from(padSequences([[1, 2], [1, 2, 3, 4, 5]], 3))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("supports 'post' padding and truncation and a custom value", () => {
    expect(Array.from(padSequences([[1, 2], [1, 2, 3, 4, 5]], 3, { padding: 'post', truncating: 'post', value: 9 }))).toEqual([
      1, 2, 9, 1, 2, 3,
    ]);
  });

  it('handles empty sequences and rejects a bad maxlen', () => {
    expect(Array.from(padSequences([[]], 2))).toEqual([0, 0]);
    expect(() => padSequences([[1]], 0)).toThrow(RangeError);
  });
});

describe('nextWordWindows', () => {
  it('cuts windows every step, each labelled with the following id', () => {
    const w = nextWordWindows([10, 11, 12, 13, 14, 15], 3, 2);
    expect(w.count).toBe(2);
    expect(Array.from(w.inputs)).toEqual([10, 11, 12, 12, 13, 14]);
    expect(Array.from(w.targets)).toEqual([13, 15]);
  });

  it('uses every position with step 1, and gives nothing for a short sequence', () => {
    expect(nextWordWindows([1, 2, 3, 4], 2).count).toBe(2);
    expect(nextWordWindows([1, 2], 2).count).toBe(0);
  });
});
