import { describe, expect, it } from 'vitest';
import { batchesWithin } from './data';

describe('tutorial batches under a sample limit', () => {
  it('keeps whole batches below the limit, cuts the one that crosses it and drops the rest', () => {
    // CBOW-style growing batches over a 3-word line, then a 2-word line: [0,1) [0,2) [0,3) [3,4) [3,5).
    const batches = Int32Array.from([0, 1, 0, 2, 0, 3, 3, 4, 3, 5]);
    expect(Array.from(batchesWithin(batches, 100))).toEqual([0, 1, 0, 2, 0, 3, 3, 4, 3, 5]);
    expect(Array.from(batchesWithin(batches, 4))).toEqual([0, 1, 0, 2, 0, 3, 3, 4, 3, 4]);
    expect(Array.from(batchesWithin(batches, 2))).toEqual([0, 1, 0, 2, 0, 2]);
    expect(Array.from(batchesWithin(batches, 0))).toEqual([]);
  });
});
