/** Text preprocessing for the tutorial's text networks, in plain Node: no tfjs, no I/O beyond bytes given. */
export { KERAS_FILTERS, englishWords, foldTypography, japaneseChars, reviewWords, textToWordSequence } from './tokenize';
export type { WordSequenceOptions } from './tokenize';
export { buildVocabulary, encodeTokens, type EncodeOptions, type Vocabulary } from './vocabulary';
export { nextWordWindows, padSequences, type NextWordWindows, type PadOptions, type PadSide } from './sequences';
export { cbowWindows, skipgrams, type CbowWindows, type SkipgramOptions, type Skipgrams } from './word2vec';
export { readTar, TarFormatError, type TarEntry } from './tar';
export {
  parseImdbArchive,
  parseJaEnPairs,
  parseLabelledSentences,
  type ImdbReview,
  type ImdbSplits,
  type LabelledText,
  type SentencePair,
} from './corpora';
export { randomInt, seededRandom, shuffled, shuffledIndices } from './random';
export {
  EN_IDS,
  IMDB_IDS,
  JA_IDS,
  encodeAliceText,
  encodeImdbReviews,
  encodeJaEnSamples,
  type AliceText,
  type EncodedReviews,
  type ImdbEncoding,
  type JaEnEncoding,
  type JaEnSamples,
} from './encoded';
export { textTaskSamples, type TextSamples, type TextSplit } from './taskSamples';
