import { describe, expect, it } from 'vitest';
import { englishWords, foldTypography, japaneseChars, reviewWords, textToWordSequence } from './tokenize';

describe('textToWordSequence (Keras semantics)', () => {
  it('lower-cases, turns punctuation into separators and keeps apostrophes', () => {
    expect(textToWordSequence("Hello, World! It's a test-case (really).")).toEqual([
      'hello',
      'world',
      "it's",
      'a',
      'test',
      'case',
      'really',
    ]);
  });

  it('honours custom filters and lower=false', () => {
    expect(textToWordSequence('A-b C', { filters: '', lower: false })).toEqual(['A-b', 'C']);
  });

  it('returns nothing for blank or all-punctuation text', () => {
    expect(textToWordSequence('  ...!?  ')).toEqual([]);
  });
});

describe('englishWords', () => {
  it('folds typographic punctuation the way Alice uses it', () => {
    const line = '“Oh dear! Oh dear! I shall be late!” Alice’s sister—‘tis true…';
    expect(foldTypography(line)).toBe('"Oh dear! Oh dear! I shall be late!" Alice\'s sister \'tis true...');
    expect(englishWords(line)).toEqual(['oh', 'dear', 'oh', 'dear', 'i', 'shall', 'be', 'late', "alice's", 'sister', 'tis', 'true']);
  });

  it('strips quote marks at word edges but not inside words', () => {
    expect(englishWords("‘Don’t,’ said 'the' cat")).toEqual(["don't", 'said', 'the', 'cat']);
  });
});

describe('reviewWords', () => {
  it('drops the <br /> tags of the Stanford reviews', () => {
    expect(reviewWords('Great film.<br /><br />Loved it<BR>')).toEqual(['great', 'film', 'loved', 'it']);
  });
});

describe('japaneseChars', () => {
  it('gives one token per code point, without whitespace', () => {
    expect(japaneseChars('行け。 𠮷野家')).toEqual(['行', 'け', '。', '𠮷', '野', '家']);
  });

  it('normalises to NFC so composed and decomposed kana agree', () => {
    expect(japaneseChars('か\u3099')).toEqual(['が']);
  });
});
