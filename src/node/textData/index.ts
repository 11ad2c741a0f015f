/** Text preprocessing for the tutorial's text networks, in plain Node: no tfjs. */
export { KERAS_BASE_FILTER, fitTokenizer, foldTypography, reviewWords, textToWordSequence } from './tokenize';
export type { KerasTokenizer, WordSequenceOptions } from './tokenize';
export { buildVocabulary, encodeTokens, type EncodeOptions, type Vocabulary } from './vocabulary';
export { padSequences, type PadOptions, type PadSide } from './sequences';
export { nextWordSamples, translationSamples, type BatchRanges, type NextWordSamples, type TranslationSamples } from './nextWord';
export { cbowSamples, skipgramSamples, type CbowSamples, type SkipgramSamples } from './word2vec';
export { segmentJapanese } from './japanese';
export { readTar, TarFormatError, type TarEntry } from './tar';
export {
  parseImdbArchive,
  parseJaEnPairs,
  parseLabelledSentences,
  readLines,
  type ImdbReview,
  type ImdbSplits,
  type LabelledText,
  type SentencePair,
} from './corpora';
export { seededRandom, shuffled, shuffledIndices } from './random';
export {
  IMDB_IDS,
  JA_EN_FILTERS,
  WORD2VEC_FILTERS,
  aliceNextWordCorpus,
  aliceWord2vecCorpus,
  encodeImdbReviews,
  jaEnCorpus,
  type EncodedReviews,
  type ImdbEncoding,
  type JaEnCorpus,
  type TokenizedCorpus,
} from './encoded';
export { textTaskSamples, type TextSampleOptions, type TextSamples, type TextSplit, type WordIds } from './taskSamples';
