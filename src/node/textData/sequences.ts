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

export interface NextWordWindows {
  /** `count * maxlen` ids: each row is `maxlen` consecutive words. */
  inputs: Int32Array;
  /** `count` ids: the word that follows each row. */
  targets: Int32Array;
  count: number;
}

/**
 * Language-model samples cut from one long id sequence, as the seed's LSTM
 * text-generation notebook cuts its corpus: windows of `maxlen` tokens every
 * `step` tokens, each labelled with the token that follows it.
 */
export function nextWordWindows(ids: readonly number[], maxlen: number, step = 1): NextWordWindows {
  if (!(Number.isInteger(maxlen) && maxlen > 0)) throw new RangeError(`maxlen must be a positive integer, got ${maxlen}`);
  if (!(Number.isInteger(step) && step > 0)) throw new RangeError(`step must be a positive integer, got ${step}`);
  const count = ids.length > maxlen ? Math.floor((ids.length - maxlen - 1) / step) + 1 : 0;
  const inputs = new Int32Array(count * maxlen);
  const targets = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const start = n * step;
    for (let t = 0; t < maxlen; t++) inputs[n * maxlen + t] = ids[start + t]!;
    targets[n] = ids[start + maxlen]!;
  }
  return { inputs, targets, count };
}
