/**
 * Keras 1's text preprocessing (`keras.preprocessing.text`, version 1.0.2, the
 * one the tutorial runs): `base_filter()`, `text_to_word_sequence` and
 * `Tokenizer`. Pure functions: no I/O.
 */
import { buildVocabulary, encodeTokens, type Vocabulary } from './vocabulary';

/** Keras 1's `base_filter()`: ASCII punctuation except the apostrophe, plus tab and newline. */
export const KERAS_BASE_FILTER = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** A global regex matching any one character of `filters` (null when there are none). */
function filterPattern(filters: string): RegExp | null {
  const chars = Array.from(new Set(filters));
  if (chars.length === 0) return null;
  return new RegExp(`[${chars.map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`, 'gu');
}

const patterns = new Map<string, RegExp | null>();
function cachedPattern(filters: string): RegExp | null {
  if (!patterns.has(filters)) patterns.set(filters, filterPattern(filters));
  return patterns.get(filters)!;
}

/**
 * The tutorial's Alice came from pg11.txt, which was ASCII: its output shows
 * `alice's` and `'without`, and its dashes were `--`. Project Gutenberg's
 * current 11-0.txt uses ’ ‘ “ ” and —, which Keras' filters do not know, so
 * they are folded back to the ASCII the tutorial saw. A dash becomes `-`: a
 * filtered character, as `--` was, and no change to the line's spaces (which
 * CBOW's `line.count(" ")` counts).
 */
export function foldTypography(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\u2014/g, '-');
}

export interface WordSequenceOptions {
  /** Characters turned into the separator before splitting. Default: `KERAS_BASE_FILTER`. */
  filters?: string;
  /** Lower-case first. Default true, as in Keras. */
  lower?: boolean;
}

/**
 * Keras 1's `text_to_word_sequence(text, filters, lower, split=" ")`:
 * lower-case, map every filtered character to a space, split on single
 * spaces (`str.split(" ")`, so other whitespace stays inside words) and drop
 * the empty strings.
 */
export function textToWordSequence(text: string, options: WordSequenceOptions = {}): string[] {
  const pattern = cachedPattern(options.filters ?? KERAS_BASE_FILTER);
  const source = options.lower === false ? text : text.toLowerCase();
  const cleaned = pattern ? source.replace(pattern, ' ') : source;
  return cleaned.split(' ').filter((w) => w.length > 0);
}

/** A fitted Keras `Tokenizer`: its `word_index`, and `texts_to_sequences`. */
export interface KerasTokenizer {
  filters: string;
  /** `word_index`: words ranked by count from 1, ties in first-seen order. */
  vocabulary: Vocabulary;
  /**
   * `texts_to_sequences`: unknown words are dropped, and so are ids at or
   * above `nbWords` when it is given (the `Tokenizer(nb_words=…)` rule).
   */
  textsToSequences(texts: readonly string[], nbWords?: number): number[][];
}

/**
 * `Tokenizer(filters=…)` + `fit_on_texts(texts)`. Keras 1.0.2 kept its word
 * counts in a plain dict, so the order of words with equal counts was
 * arbitrary there; ties here keep first-seen order, as Keras 2's OrderedDict
 * does. Only words of equal count can swap ids, so the vocabulary size, the
 * sequence lengths and every count derived from them are unaffected.
 */
export function fitTokenizer(texts: readonly string[], filters: string = KERAS_BASE_FILTER): KerasTokenizer {
  const vocabulary = buildVocabulary(texts.map((text) => textToWordSequence(text, { filters })));
  return {
    filters,
    vocabulary,
    textsToSequences: (more, nbWords) =>
      more.map((text) => encodeTokens(textToWordSequence(text, { filters }), vocabulary, nbWords === undefined ? {} : { numWords: nbWords })),
  };
}

/**
 * The tokenizer for raw IMDB reviews, whose word index Keras ships already
 * built and whose exact tokenizer is unknown. The Stanford files contain
 * `<br />` line breaks, absent from Keras' index, so tags are removed; then
 * typography is folded, Keras' `text_to_word_sequence` splits the words, and
 * quote marks at word edges are stripped (Keras' index has `don't` but not
 * `'the`).
 */
export function reviewWords(review: string): string[] {
  const text = foldTypography(review.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]{0,40}>/g, ' '));
  const words: string[] = [];
  for (const raw of textToWordSequence(text.replace(/\s/g, ' '))) {
    const word = raw.replace(/^'+|'+$/g, '');
    if (word.length > 0) words.push(word);
  }
  return words;
}
