import { describe, expect, it } from 'vitest';
import { KERAS_BASE_FILTER, fitTokenizer, foldTypography, reviewWords, textToWordSequence } from './tokenize';

describe('textToWordSequence (Keras 1 semantics)', () => {
  it('lower-cases, turns base_filter() characters into separators and keeps apostrophes', () => {
    expect(textToWordSequence("Hello, World! It's a test-case (really).\tEnd\n")).toEqual([
      'hello',
      'world',
      "it's",
      'a',
      'test',
      'case',
      'really',
      'end',
    ]);
  });

  it("splits on the space only, as Python's str.split(' ') does", () => {
    // A no-break space and a full-width space are no separators in Keras.
    expect(textToWordSequence('a\u00A0b c\u3000d')).toEqual(['a\u00A0b', 'c\u3000d']);
  });

  it('honours custom filters and lower=false', () => {
    expect(textToWordSequence('A-b C', { filters: '', lower: false })).toEqual(['A-b', 'C']);
    expect(textToWordSequence("Alice's 「本」。", { filters: `${KERAS_BASE_FILTER}'「」。` })).toEqual(['alice', 's', '本']);
  });

  it('returns nothing for blank or all-punctuation text', () => {
    expect(textToWordSequence('  ...!?  ')).toEqual([]);
  });
});

describe('foldTypography', () => {
  it("folds Gutenberg's curly quotes and dashes to the ASCII of the tutorial's pg11.txt", () => {
    const line = '“Oh dear!” Alice’s sister—‘tis true';
    expect(foldTypography(line)).toBe('"Oh dear!" Alice\'s sister-\'tis true');
    expect(textToWordSequence(foldTypography(line))).toEqual(['oh', 'dear', "alice's", 'sister', "'tis", 'true']);
  });
});

describe('fitTokenizer (Keras Tokenizer)', () => {
  const tokenizer = fitTokenizer(['The cat sat.', 'The dog sat, the end!']);

  it('ranks words by count from 1, ties in first-seen order', () => {
    expect(tokenizer.vocabulary.words).toEqual(['the', 'sat', 'cat', 'dog', 'end']);
  });

  it('drops unknown words and, with nb_words, ids at or above it', () => {
    expect(tokenizer.textsToSequences(['the zebra end'])).toEqual([[1, 5]]);
    expect(tokenizer.textsToSequences(['the cat dog end'], 4)).toEqual([[1, 3]]);
  });
});

describe('reviewWords', () => {
  it('drops the <br /> tags of the Stanford reviews and quote marks at word edges', () => {
    expect(reviewWords("Great film.<br /><br />'Loved' it, don't<BR>")).toEqual(['great', 'film', 'loved', 'it', "don't"]);
  });
});
