/**
 * Word tokenizers in the style of Keras' `text_to_word_sequence`, the
 * tokenizer the seed tutorial's text notebooks use. Pure functions: no I/O.
 */

/** Keras' default `filters`: every ASCII punctuation mark except the apostrophe, plus tab and newline. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** A global regex matching any one character of `filters` (null when there are none). */
function filterPattern(filters: string): RegExp | null {
  const chars = Array.from(new Set(filters));
  if (chars.length === 0) return null;
  return new RegExp(`[${chars.map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`, 'gu');
}

const KERAS_FILTER_PATTERN = filterPattern(KERAS_FILTERS);

/**
 * Typographic punctuation folded to the ASCII that Keras' filters know about:
 * curly quotes to straight ones, dashes to a space (a dash separates words),
 * the ellipsis to three dots, and no-break spaces to spaces. Project
 * Gutenberg's Alice uses ’ for apostrophes, “ ” and ‘ for quotes and — for dashes.
 */
export function foldTypography(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2012\u2013\u2014\u2015\u2212]/g, ' ')
    .replace(/\u2026/g, '...')
    .replace(/[\u00A0\u2007\u202F]/g, ' ');
}

export interface WordSequenceOptions {
  /** Characters replaced by a space before splitting. Default: Keras' filters. */
  filters?: string;
  /** Lower-case first. Default true, as in Keras. */
  lower?: boolean;
}

/**
 * Keras' `text_to_word_sequence`: lower-case, turn every filtered character
 * into a separator, split on whitespace, drop empty strings.
 */
export function textToWordSequence(text: string, options: WordSequenceOptions = {}): string[] {
  const pattern = options.filters === undefined ? KERAS_FILTER_PATTERN : filterPattern(options.filters);
  const source = options.lower === false ? text : text.toLowerCase();
  const cleaned = pattern ? source.replace(pattern, ' ') : source;
  return cleaned.split(/\s+/).filter((w) => w.length > 0);
}

/**
 * The tokenizer for English prose (Alice, the English side of the JA-EN pairs):
 * typography folded to ASCII, then Keras' `text_to_word_sequence`, then
 * apostrophes stripped from the ends of words. Keras keeps the apostrophe so
 * that "alice's" and "don't" stay one word; stripping it at the edges also
 * removes the ‘single quotes’ Alice uses for quotations within quotations.
 */
export function englishWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of textToWordSequence(foldTypography(text))) {
    const word = raw.startsWith("'") || raw.endsWith("'") ? raw.replace(/^'+|'+$/g, '') : raw;
    if (word.length > 0) words.push(word);
  }
  return words;
}

/**
 * The tokenizer for raw IMDB reviews. The Stanford files contain `<br />`
 * line breaks; Keras' published imdb word index has no HTML in it, so tags
 * are removed before tokenizing as English.
 */
export function reviewWords(review: string): string[] {
  return englishWords(review.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]{0,40}>/g, ' '));
}

/**
 * Japanese by character: one token per Unicode code point, whitespace
 * dropped. Japanese is written without spaces, and a character vocabulary
 * needs no morphological analyser (no MeCab in a Node process). Punctuation
 * such as 。 and 、 stays: it carries sentence structure.
 */
export function japaneseChars(text: string): string[] {
  return Array.from(text.normalize('NFC')).filter((ch) => !/\s/.test(ch));
}
