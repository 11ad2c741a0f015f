import { describe, expect, it } from 'vitest';
import { buildVocabulary, encodeTokens } from './vocabulary';

describe('buildVocabulary', () => {
  const vocab = buildVocabulary([
    ['the', 'cat', 'sat'],
    ['the', 'dog', 'sat', 'the', 'end'],
  ]);

  it('ranks words by frequency from 1, ties in first-seen order', () => {
    expect(vocab.words).toEqual(['the', 'sat', 'cat', 'dog', 'end']);
    expect(vocab.index.get('the')).toBe(1);
    expect(vocab.index.get('sat')).toBe(2);
    expect(vocab.index.get('end')).toBe(5);
    expect(vocab.counts.get('the')).toBe(3);
  });

  it('encodes like Keras imdb: start id, ranks offset by 3, OOV for unknown or too rare', () => {
    // ranks: the 1, sat 2, cat 3, dog 4, end 5 → ids +3; num_words 7 keeps ids < 7
    expect(encodeTokens(['the', 'cat', 'zebra', 'end'], vocab, { offset: 3, numWords: 7, oov: 2, start: 1 })).toEqual([1, 4, 6, 2, 2]);
  });

  it('drops unknown words by default, as Keras Tokenizer.texts_to_sequences does', () => {
    expect(encodeTokens(['dog', 'zebra', 'the'], vocab)).toEqual([4, 1]);
    expect(encodeTokens(['dog', 'the'], vocab, { numWords: 3 })).toEqual([1]);
  });

  it('can append an end id', () => {
    expect(encodeTokens(['the'], vocab, { start: 7, end: 8 })).toEqual([7, 1, 8]);
  });
});
