import { describe, expect, it } from 'vitest';
import { padSequences } from './sequences';

describe('padSequences (Keras pad_sequences)', () => {
  it("pads and truncates at the front by default ('pre'), with 0", () => {
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
