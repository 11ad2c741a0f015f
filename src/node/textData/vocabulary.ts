/**
 * Vocabularies ranked by frequency, as Keras' `Tokenizer.word_index` and the
 * published IMDB word index are: the most frequent word has rank 1, ties keep
 * the order in which the words were first seen (Keras sorts an OrderedDict of
 * counts with Python's stable sort). Rank 0 is never used: it is the padding id.
 */
export interface Vocabulary {
  /** `words[r - 1]` is the word of rank `r`. */
  readonly words: readonly string[];
  /** Word → 1-based rank. */
  readonly index: ReadonlyMap<string, number>;
  /** Word → number of occurrences in the corpus the vocabulary was built from. */
  readonly counts: ReadonlyMap<string, number>;
}

export function buildVocabulary(documents: Iterable<readonly string[]>): Vocabulary {
  const counts = new Map<string, number>();
  for (const tokens of documents) {
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  // Array.prototype.sort is stable, so equal counts keep first-seen order.
  const words = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!);
  const index = new Map<string, number>();
  words.forEach((word, i) => index.set(word, i + 1));
  return { words, index, counts };
}

export interface EncodeOptions {
  /** Added to every 1-based rank (Keras' imdb `index_from`). Default 0. */
  offset?: number;
  /** Ids at or above this are out of vocabulary (Keras' `num_words`). Default: no limit. */
  numWords?: number;
  /**
   * The id written for a word that is unknown or whose id is too large
   * (Keras' imdb `oov_char`); `'drop'` leaves such words out, as Keras'
   * `Tokenizer.texts_to_sequences` does. Default `'drop'`.
   */
  oov?: number | 'drop';
  /** An id put before the words (Keras' imdb `start_char`). */
  start?: number;
  /** An id put after the words. */
  end?: number;
}

/** Token strings to ids: `rank + offset`, with the out-of-vocabulary rule of `options`. */
export function encodeTokens(tokens: readonly string[], vocabulary: Vocabulary, options: EncodeOptions = {}): number[] {
  const { offset = 0, numWords = Infinity, oov = 'drop', start, end } = options;
  const ids: number[] = [];
  if (start !== undefined) ids.push(start);
  for (const token of tokens) {
    const rank = vocabulary.index.get(token);
    const id = rank === undefined ? undefined : rank + offset;
    if (id !== undefined && id < numWords) ids.push(id);
    else if (oov !== 'drop') ids.push(oov);
  }
  if (end !== undefined) ids.push(end);
  return ids;
}
