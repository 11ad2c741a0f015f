/** Training pairs for the two word2vec models (CBOW and skip-gram). Pure functions. */
import { randomInt, shuffledIndices } from './random';

export interface CbowWindows {
  /** `count * 2 * windowSize` ids: the words left and right of each target, in text order. */
  contexts: Int32Array;
  /** `count` ids: the word in the middle of each window. */
  targets: Int32Array;
  count: number;
}

/**
 * CBOW samples: every position with `windowSize` words on both sides gives
 * one (context → target) sample. Positions too close to either end of the
 * sequence are skipped rather than padded, so every context is real text.
 */
export function cbowWindows(ids: readonly number[], windowSize: number): CbowWindows {
  if (!(Number.isInteger(windowSize) && windowSize > 0)) {
    throw new RangeError(`windowSize must be a positive integer, got ${windowSize}`);
  }
  const width = 2 * windowSize;
  const count = Math.max(0, ids.length - width);
  const contexts = new Int32Array(count * width);
  const targets = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const centre = n + windowSize;
    let k = n * width;
    for (let j = centre - windowSize; j <= centre + windowSize; j++) {
      if (j !== centre) contexts[k++] = ids[j]!;
    }
    targets[n] = ids[centre]!;
  }
  return { contexts, targets, count };
}

export interface SkipgramOptions {
  /** Words this far either side of a word are its context. Keras' default is 4. */
  windowSize?: number;
  /** Negative pairs per positive pair. Keras' default is 1. */
  negativeSamples?: number;
  /** Shuffle the pairs (positives and negatives mixed). Keras' default is true. */
  shuffle?: boolean;
  /** The source of randomness for negatives and the shuffle. */
  random: () => number;
}

export interface Skipgrams {
  /** `count` ids: the first word of each pair. */
  words: Int32Array;
  /** `count` ids: the second word of each pair. */
  contexts: Int32Array;
  /** `count` labels: 1 for a real (word, context) pair, 0 for a random one. */
  labels: Uint8Array;
  count: number;
}

/**
 * Keras' `keras.preprocessing.sequence.skipgrams`: every (word, neighbour)
 * pair within `windowSize` is a positive; id 0 is padding and never paired.
 * Negatives reuse the positives' first words, shuffled, each with a random id
 * in `[1, vocabularySize - 1]`, exactly as Keras builds them.
 */
export function skipgrams(ids: readonly number[], vocabularySize: number, options: SkipgramOptions): Skipgrams {
  const { windowSize = 4, negativeSamples = 1, shuffle = true, random } = options;
  if (!(Number.isInteger(windowSize) && windowSize > 0)) {
    throw new RangeError(`windowSize must be a positive integer, got ${windowSize}`);
  }
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const wi = ids[i]!;
    if (!wi) continue;
    const from = Math.max(0, i - windowSize);
    const to = Math.min(ids.length, i + windowSize + 1);
    for (let j = from; j < to; j++) {
      const wj = ids[j]!;
      if (j !== i && wj) {
        first.push(wi);
        second.push(wj);
      }
    }
  }
  const positives = first.length;
  const negatives = positives > 0 ? Math.floor(positives * negativeSamples) : 0;
  const reused = Array.from(shuffledIndices(positives, random), (k) => first[k]!);
  for (let i = 0; i < negatives; i++) {
    first.push(reused[i % positives]!);
    second.push(randomInt(random, 1, vocabularySize - 1));
  }
  const count = first.length;
  const order = shuffle ? shuffledIndices(count, random) : Uint32Array.from({ length: count }, (_, i) => i);
  const words = new Int32Array(count);
  const contexts = new Int32Array(count);
  const labels = new Uint8Array(count);
  order.forEach((from, to) => {
    words[to] = first[from]!;
    contexts[to] = second[from]!;
    labels[to] = from < positives ? 1 : 0;
  });
  return { words, contexts, labels, count };
}
