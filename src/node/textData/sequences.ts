/** Sequence utilities in the style of `keras.preprocessing.sequence`. Pure functions. */

export type PadSide = 'pre' | 'post';

export interface PadOptions {
  /** Where padding goes when a sequence is short. Keras' default is `'pre'`. */
  padding?: PadSide;
  /** Which end is cut when a sequence is long. Keras' default is `'pre'` (keep the last `maxlen`). */
  truncating?: PadSide;
  /** The padding id. Default 0. */
  value?: number;
}

/**
 * Keras' `pad_sequences`: every sequence made exactly `maxlen` long, returned
 * row-major as one `Int32Array` of `sequences.length * maxlen` ids.
 */
export function padSequences(sequences: readonly (readonly number[])[], maxlen: number, options: PadOptions = {}): Int32Array {
  if (!(Number.isInteger(maxlen) && maxlen > 0)) throw new RangeError(`maxlen must be a positive integer, got ${maxlen}`);
  const { padding = 'pre', truncating = 'pre', value = 0 } = options;
  const out = new Int32Array(sequences.length * maxlen).fill(value);
  sequences.forEach((seq, row) => {
    const kept = seq.length <= maxlen ? seq : truncating === 'pre' ? seq.slice(seq.length - maxlen) : seq.slice(0, maxlen);
    const at = row * maxlen + (padding === 'pre' ? maxlen - kept.length : 0);
    for (let i = 0; i < kept.length; i++) out[at + i] = kept[i]!;
  });
  return out;
}
