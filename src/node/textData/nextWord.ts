/**
 * The samples of the tutorial's two "previous words → next word" generators
 * (§5 language model, §6 encoder-decoder), in the order the generators yield
 * them, with the batches they yield. Pure functions.
 */
import { padSequences } from './sequences';

/** `[start, end)` sample ranges, flattened: what `train_on_batch` saw, in order. */
export type BatchRanges = Int32Array;

export interface NextWordSamples {
  /** `count * maxlen` ids: each sentence's first `i` words, padded and cut at the front. */
  inputs: Int32Array;
  /** `count` ids: word `i` of the sentence. */
  targets: Int32Array;
  count: number;
  /** One batch per sentence: `generate_data` yields a sentence's samples together. */
  batches: BatchRanges;
}

/**
 * §5 `generate_data(X, maxlen, V)`: for each sentence, for `i` in
 * `1 … len-1`, input `sentence[0:i]` (`pad_sequences(…, maxlen)`: 'pre'),
 * target `sentence[i]`. A sentence of fewer than two words yields nothing.
 */
export function nextWordSamples(sentences: readonly (readonly number[])[], maxlen: number): NextWordSamples {
  const prefixes: number[][] = [];
  const targets: number[] = [];
  const batches: number[] = [];
  for (const sentence of sentences) {
    if (sentence.length < 2) continue;
    batches.push(targets.length);
    for (let i = 1; i < sentence.length; i++) {
      prefixes.push(sentence.slice(0, i));
      targets.push(sentence[i]!);
    }
    batches.push(targets.length);
  }
  return { inputs: padSequences(prefixes, maxlen), targets: Int32Array.from(targets), count: targets.length, batches: Int32Array.from(batches) };
}

export interface TranslationSamples {
  /** `count * encoderMaxlen` ids: the pair's Japanese sentence. */
  encoder: Int32Array;
  /** `count * decoderMaxlen` ids: the English sentence's first `j` words. */
  decoder: Int32Array;
  /** `count` ids: English word `j`. */
  targets: Int32Array;
  count: number;
  /** Consecutive runs of `batchSize` samples across pairs; the last may be shorter. */
  batches: BatchRanges;
}

export interface TranslationSizes {
  encoderMaxlen: number;
  decoderMaxlen: number;
  /** The generator's `samples_size` (256 in the tutorial). */
  batchSize: number;
}

/**
 * §6 `gen_training_data(X, Y, encoder_maxlen, decoder_maxlen, V, samples_size)`:
 * for each pair, for `j` in `1 … len(en)-1`, inputs (Japanese, `en[0:j]`),
 * target `en[j]`, both inputs padded 'pre'. Samples are yielded
 * `samples_size` at a time across pair boundaries, then the rest. When the
 * count is a multiple of `samples_size` the tutorial's final yield is empty;
 * that batch is left out here (it trains on nothing).
 */
export function translationSamples(
  japanese: readonly (readonly number[])[],
  english: readonly (readonly number[])[],
  sizes: TranslationSizes,
): TranslationSamples {
  if (japanese.length !== english.length) {
    throw new RangeError(`${japanese.length} Japanese sentences but ${english.length} English ones: pairs must line up`);
  }
  const encoderRows: (readonly number[])[] = [];
  const decoderRows: number[][] = [];
  const targets: number[] = [];
  english.forEach((en, p) => {
    for (let j = 1; j < en.length; j++) {
      encoderRows.push(japanese[p]!);
      decoderRows.push(en.slice(0, j));
      targets.push(en[j]!);
    }
  });
  const count = targets.length;
  const batches: number[] = [];
  for (let start = 0; start < count; start += sizes.batchSize) batches.push(start, Math.min(count, start + sizes.batchSize));
  return {
    encoder: padSequences(encoderRows, sizes.encoderMaxlen),
    decoder: padSequences(decoderRows, sizes.decoderMaxlen),
    targets: Int32Array.from(targets),
    count,
    batches: Int32Array.from(batches),
  };
}
