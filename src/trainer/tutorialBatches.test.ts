import { describe, expect, it } from 'vitest';
import { batchesWithin } from './data';

describe('tutorial batches under a sample limit', () => {
  // CBOW-style growing batches over a 3-word line, then a 2-word line: [0,1) [0,2) [0,3) [3,4) [3,5).
  const growing = Int32Array.from([0, 1, 0, 2, 0, 3, 3, 4, 3, 5]);

  it('keeps every batch when the limit is above the samples', () => {
    expect(Array.from(batchesWithin(growing, 100))).toEqual([0, 1, 0, 2, 0, 3, 3, 4, 3, 5]);
  });

  it('keeps whole batches below the limit and cuts the crossing one once, not once per later word', () => {
    expect(Array.from(batchesWithin(growing, 4))).toEqual([0, 1, 0, 2, 0, 3, 3, 4]);
    // [0,3) crosses 2 and would be cut to [0,2), which is already a batch: no repeat.
    expect(Array.from(batchesWithin(growing, 2))).toEqual([0, 1, 0, 2]);
    expect(Array.from(batchesWithin(growing, 0))).toEqual([]);
  });

  it('cuts the crossing batch of non-overlapping batches (the encoder-decoder’s chunks of 256)', () => {
    const chunks = Int32Array.from([0, 256, 256, 512, 512, 600]);
    expect(Array.from(batchesWithin(chunks, 300))).toEqual([0, 256, 256, 300]);
  });
});
