/**
 * The samples of the tutorial's word2vec generators (§8 CBOW, §9 skip-gram),
 * in the order the generators yield them, with the batches they yield. Pure
 * functions.
 */
import type { BatchRanges } from './nextWord';
import { padSequences } from './sequences';

export interface CbowSamples {
  /** `count * 2·windowSize` ids: the words around each word of a line, padded 'pre'. */
  contexts: Int32Array;
  /** `count` ids: the word itself. */
  targets: Int32Array;
  count: number;
  /**
   * The generator's quirk, reproduced: it appends each word's sample to lists
   * that are reset only per line, and yields the whole lists after every
   * word, so the k-th batch of a line is its first k+1 samples. Batches grow
   * within a line and overlap.
   */
  batches: BatchRanges;
}

/** The positions within `windowSize` of `index` inside a line of `length` words, itself excluded, in order. */
function windowPositions(index: number, length: number, windowSize: number): number[] {
  const positions: number[] = [];
  for (let i = index - windowSize; i <= index + windowSize; i++) if (i !== index && i >= 0 && i < length) positions.push(i);
  return positions;
}

/**
 * §8 `generate_data(corpus, window_size, V)`: for every word of every line,
 * context = the line's words within `window_size` (the word excluded),
 * `pad_sequences(…, maxlen=2·window_size)`; label = the word.
 */
export function cbowSamples(lines: readonly (readonly number[])[], windowSize: number): CbowSamples {
  const contexts: number[][] = [];
  const targets: number[] = [];
  const batches: number[] = [];
  for (const words of lines) {
    const lineStart = targets.length;
    words.forEach((word, index) => {
      contexts.push(windowPositions(index, words.length, windowSize).map((i) => words[i]!));
      targets.push(word);
      batches.push(lineStart, targets.length);
    });
  }
  return { contexts: padSequences(contexts, 2 * windowSize), targets: Int32Array.from(targets), count: targets.length, batches: Int32Array.from(batches) };
}

export interface SkipgramSamples {
  /** `count` ids: the input word. */
  words: Int32Array;
  /** `count` ids: one word of its window, the class to predict. */
  contexts: Int32Array;
  count: number;
  /** One batch per word with at least one neighbour: its pairs. */
  batches: BatchRanges;
}

/**
 * §9 `generate_data(corpus, window_size, V)`: for every word of every line,
 * one pair (word → `words[i]`) for each `i` within `window_size` inside the
 * line, `i` ≠ the word's index, in order; the pairs of one word are one
 * batch. A word alone on its line has no pairs, and its empty batch is left out.
 */
export function skipgramSamples(lines: readonly (readonly number[])[], windowSize: number): SkipgramSamples {
  const inputs: number[] = [];
  const contexts: number[] = [];
  const batches: number[] = [];
  for (const words of lines) {
    words.forEach((word, index) => {
      const start = inputs.length;
      for (const i of windowPositions(index, words.length, windowSize)) {
        inputs.push(word);
        contexts.push(words[i]!);
      }
      if (inputs.length > start) batches.push(start, inputs.length);
    });
  }
  return { words: Int32Array.from(inputs), contexts: Int32Array.from(contexts), count: inputs.length, batches: Int32Array.from(batches) };
}
