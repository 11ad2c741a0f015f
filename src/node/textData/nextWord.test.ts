import { describe, expect, it } from 'vitest';
import { nextWordSamples, translationSamples } from './nextWord';

const ranges = (batches: Int32Array) => Array.from({ length: batches.length / 2 }, (_, i) => [batches[2 * i]!, batches[2 * i + 1]!]);
const row = (values: Int32Array, width: number, i: number) => Array.from(values.subarray(i * width, (i + 1) * width));

describe('nextWordSamples (§5 generate_data)', () => {
  const s = nextWordSamples([[5, 6, 7], [9], [1, 2, 3, 4, 8]], 3);

  it("feeds each prefix padded 'pre' (and cut at the front past maxlen) and targets the next word", () => {
    expect(s.count).toBe(6);
    expect(Array.from({ length: s.count }, (_, i) => row(s.inputs, 3, i))).toEqual([
      [0, 0, 5],
      [0, 5, 6],
      [0, 0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
    ]);
    expect(Array.from(s.targets)).toEqual([6, 7, 2, 3, 4, 8]);
  });

  it('yields one batch per sentence of two words or more', () => {
    expect(ranges(s.batches)).toEqual([
      [0, 2],
      [2, 6],
    ]);
  });
});

describe('translationSamples (§6 gen_training_data)', () => {
  const ja = [[7, 8], [9]];
  const en = [
    [1, 3, 4, 2],
    [1, 5, 2],
  ];

  it('pairs the Japanese sentence with each English prefix and the next English word', () => {
    const s = translationSamples(ja, en, { encoderMaxlen: 3, decoderMaxlen: 3, batchSize: 256 });
    expect(s.count).toBe(5);
    expect(Array.from({ length: 5 }, (_, i) => row(s.encoder, 3, i))).toEqual([
      [0, 7, 8],
      [0, 7, 8],
      [0, 7, 8],
      [0, 0, 9],
      [0, 0, 9],
    ]);
    expect(Array.from({ length: 5 }, (_, i) => row(s.decoder, 3, i))).toEqual([
      [0, 0, 1],
      [0, 1, 3],
      [1, 3, 4],
      [0, 0, 1],
      [0, 1, 5],
    ]);
    expect(Array.from(s.targets)).toEqual([3, 4, 2, 5, 2]);
    expect(ranges(s.batches)).toEqual([[0, 5]]);
  });

  it('cuts batches of samples_size across pairs, the last one partial, never an empty one', () => {
    expect(ranges(translationSamples(ja, en, { encoderMaxlen: 2, decoderMaxlen: 3, batchSize: 2 }).batches)).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    // 5 samples in batches of 5: the tutorial's generator would then yield an empty sixth batch.
    expect(ranges(translationSamples(ja, en, { encoderMaxlen: 2, decoderMaxlen: 3, batchSize: 5 }).batches)).toEqual([[0, 5]]);
  });

  it('refuses sentence lists that do not line up', () => {
    expect(() => translationSamples([[1]], en, { encoderMaxlen: 2, decoderMaxlen: 3, batchSize: 2 })).toThrow(/1 Japanese sentences but 2 English/);
  });
});
