/**
 * The tutorial's uses of its trained text models (§4 sentiment, §5.4
 * generation, §6.5 translation), tokenized on the host with the training
 * vocabulary. The model is a `predict` callback, so these are testable
 * without tfjs.
 */
import { ALICE_NEXT_WORD_TEXT, IMDB_TEXT, JA_EN_TEXT } from '../../engine/textDatasets';
import { IMDB_IDS, JA_EN_FILTERS, KERAS_BASE_FILTER, padSequences, reviewWords, segmentJapanese, textToWordSequence, type WordIds } from '../textData';
import { pick, type Decoding } from './sampling';

/** One sample's model inputs (word ids, each padded to its input's length) → the first output's probabilities. */
export type PredictIds = (inputs: Int32Array[]) => Promise<Float32Array>;

export interface EncodedWord {
  word: string;
  /** Null when the word is not in the vocabulary. */
  id: number | null;
}

/** `texts_to_sequences` for one text, keeping the unknown words so they can be shown. */
export function lookUpWords(words: readonly string[], vocabulary: WordIds): EncodedWord[] {
  return words.map((word) => ({ word, id: vocabulary.ids.get(word) ?? null }));
}

function knownIds(encoded: readonly EncodedWord[]): number[] {
  return encoded.flatMap((e) => (e.id === null ? [] : [e.id]));
}

function unknownWords(encoded: readonly EncodedWord[]): string[] {
  return [...new Set(encoded.filter((e) => e.id === null).map((e) => e.word))];
}

export interface DecodeOptions {
  decoding: Decoding;
  temperature: number;
  random?: () => number;
}

export interface Generated {
  text: string;
  /** Seed words the tokenizer drops (not in the vocabulary). */
  unknown: string[];
  /** Generated words, in order. */
  words: string[];
}

/**
 * §5.4: `in_words` grows by one word per step; each step re-tokenizes the
 * whole text (`texts_to_sequences`, unknown words dropped), pads it at the
 * front to `maxlen`, and takes the next word by sampling or argmax. Id 0 is
 * no word: the tutorial's lookup finds nothing and appends nothing.
 */
export async function generateText(predict: PredictIds, vocabulary: WordIds, seed: string, steps: number, options: DecodeOptions): Promise<Generated> {
  const seedWords = lookUpWords(textToWordSequence(seed, { filters: KERAS_BASE_FILTER }), vocabulary);
  const words: string[] = [];
  let ids = knownIds(seedWords);
  for (let step = 0; step < steps; step++) {
    const probabilities = await predict([padSequences([ids], ALICE_NEXT_WORD_TEXT.maxlen)]);
    const id = pick(probabilities, options.decoding, options.temperature, options.random);
    const word = vocabulary.words[id];
    if (!word) continue;
    words.push(word);
    ids = [...ids, id];
  }
  const text = [...seedWords.map((w) => w.word), ...words].join(' ');
  return { text, unknown: unknownWords(seedWords), words };
}

export interface Translation {
  /** The Japanese as kuromoji segments it, words separated by spaces. */
  segmented: string;
  unknown: string[];
  /** The English words decoded, without `gos` and `eos`. */
  english: string;
  /** True when decoding stopped at `eos` (false: it ran out of steps). */
  ended: boolean;
}

/**
 * §6.5: the Japanese segmented and encoded (padded to the encoder's length),
 * the decoder fed `gos …` so far, one English word per step until `eos` or
 * `steps` words.
 */
export async function translate(
  predict: PredictIds,
  vocabularies: { japanese: WordIds; english: WordIds },
  japanese: string,
  steps: number,
  options: DecodeOptions,
): Promise<Translation> {
  const [segmented = ''] = await segmentJapanese([japanese]);
  const source = lookUpWords(textToWordSequence(segmented, { filters: JA_EN_FILTERS }), vocabularies.japanese);
  const encoderIn = padSequences([knownIds(source)], JA_EN_TEXT.encoderMaxlen);
  const gos = vocabularies.english.ids.get('gos');
  const eos = vocabularies.english.ids.get('eos');
  if (gos === undefined || eos === undefined) throw new Error("The English vocabulary has no 'gos' or 'eos' marker");
  const decoded = [gos];
  let ended = false;
  for (let step = 0; step < steps && !ended; step++) {
    const probabilities = await predict([encoderIn, padSequences([decoded], JA_EN_TEXT.decoderMaxlen)]);
    const id = pick(probabilities, options.decoding, options.temperature, options.random);
    if (id === eos) ended = true;
    else if (vocabularies.english.words[id]) decoded.push(id);
  }
  const english = decoded
    .slice(1)
    .map((id) => vocabularies.english.words[id]!)
    .join(' ');
  return { segmented, unknown: unknownWords(source), english, ended };
}

export interface Sentiment {
  /** The model's output: the probability that the review is positive. */
  positive: number;
  words: EncodedWord[];
  unknown: string[];
  /** The ids fed to the model, as the dataset encodes a review. */
  ids: number[];
}

/**
 * §4's encoding of a review (Keras' `imdb.load_data`): 1 starts, each word
 * is its rank + 3, words outside the top 20,000 are 2; padded and cut at the
 * front to 140.
 */
export function encodeReview(review: string, vocabulary: WordIds): { words: EncodedWord[]; ids: Int32Array } {
  const words = lookUpWords(reviewWords(review), vocabulary);
  const ids = [IMDB_IDS.start, ...words.map((w) => w.id ?? IMDB_IDS.oov)];
  return { words, ids: padSequences([ids], IMDB_TEXT.maxlen) };
}

export async function sentiment(predict: PredictIds, vocabulary: WordIds, review: string): Promise<Sentiment> {
  const { words, ids } = encodeReview(review, vocabulary);
  const [positive = Number.NaN] = await predict([ids]);
  return { positive, words, unknown: unknownWords(words), ids: Array.from(ids) };
}
