import { describe, expect, it } from 'vitest';
import { float32Text, mostSimilar, parseWord2vecText, word2vecText, type EmbeddingMatrix, type WordIndex } from './wordVectors';

// Row 0 pads; four words in 3 dimensions.
const matrix: EmbeddingMatrix = {
  rows: 5,
  dim: 3,
  values: Float32Array.from([
    9, 9, 9, // padding: must never show up
    1, 0, 0, // alice
    0.8, 0.6, 0, // she: cos 0.8
    -1, 0, 0, // rabbit: cos -1
    0.1, 0, 1.0, // queen: cos 0.1/√1.01
  ]),
};
const words: WordIndex = [
  ['alice', 1],
  ['she', 2],
  ['rabbit', 3],
  ['queen', 4],
];

describe('mostSimilar', () => {
  it('ranks the other words by cosine similarity, the word itself left out', () => {
    const result = mostSimilar(matrix, words, 'alice');
    expect(result.map((n) => n.word)).toEqual(['she', 'queen', 'rabbit']);
    expect(result[0]!.similarity).toBeCloseTo(0.8, 6);
    expect(result[1]!.similarity).toBeCloseTo(0.1 / Math.sqrt(1.01), 6);
    expect(result[2]!.similarity).toBeCloseTo(-1, 6);
  });

  it('keeps only topn and names an unknown word', () => {
    expect(mostSimilar(matrix, words, 'she', 1).map((n) => n.word)).toEqual(['alice']);
    expect(() => mostSimilar(matrix, words, 'hatter')).toThrow(/'hatter' is not in the vocabulary/);
  });
});

describe('word2vec text format', () => {
  it('writes the header "V-1 dim" and one line per word in word_index order', () => {
    const text = word2vecText(matrix, words);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('4 3');
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual(['alice', 'she', 'rabbit', 'queen']);
    expect(lines[2]).toBe('she 0.8 0.6 0');
  });

  it('parses back to the same float32 vectors', () => {
    const random = Float32Array.from({ length: 5 * 7 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const big: EmbeddingMatrix = { rows: 5, dim: 7, values: random };
    const parsed = parseWord2vecText(word2vecText(big, words));
    expect(parsed.count).toBe(4);
    expect(parsed.dim).toBe(7);
    for (const [word, id] of words) expect(Array.from(parsed.vectors.get(word)!)).toEqual(Array.from(random.subarray(id * 7, id * 7 + 7)));
  });

  it('prints float32 values as numpy does, shortest round trip', () => {
    expect(float32Text(0.1)).toBe('0.1');
    expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
    expect(float32Text(-2.5e-8)).toBe('-2.5e-8');
  });

  it('names the line of a malformed file', () => {
    expect(() => parseWord2vecText('2 3\na 1 2 3\nb 1 2\n')).toThrow(/line 3/);
  });
});
