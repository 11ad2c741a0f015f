/**
 * What §8.4–8.5 do with a trained CBOW or skip-gram model, without gensim:
 * the embedding matrix written in word2vec's text format, and
 * `most_similar` by cosine similarity. Pure functions.
 */

/** An embedding matrix: row `id` is the vector of the word with that id (row 0 pads and is no word). */
export interface EmbeddingMatrix {
  rows: number;
  dim: number;
  values: Float32Array;
}

/** Words in `word_index` order: `[word, id]` pairs, ids from 1. */
export type WordIndex = readonly (readonly [string, number])[];

export interface Neighbour {
  word: string;
  similarity: number;
}

/**
 * numpy prints a float32 as the shortest decimal that reads back to the same
 * float32 (`str(np.float32(x))`); JavaScript would print the float64 expansion.
 */
export function float32Text(value: number): string {
  const target = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = String(Number(target.toPrecision(digits)));
    if (Math.fround(Number(text)) === target) return text;
  }
  return String(target);
}

function row(matrix: EmbeddingMatrix, id: number): Float32Array {
  if (!(Number.isInteger(id) && id >= 0 && id < matrix.rows)) throw new RangeError(`word id ${id} is outside the embedding's ${matrix.rows} rows`);
  return matrix.values.subarray(id * matrix.dim, (id + 1) * matrix.dim);
}

/**
 * The tutorial's `vectors.txt`: a header `V-1 dim`, then `word v1 v2 …` per
 * word of `tokenizer.word_index`, the vector being row `id` of the
 * embedding's weights.
 */
export function word2vecText(matrix: EmbeddingMatrix, words: WordIndex): string {
  // The tutorial writes `V-1`, which is the number of word lines when the vocabulary fills the embedding;
  // counting the lines keeps gensim's loader right when it does not.
  const rows = [...words].map(([word, id]) => `${word} ${Array.from(row(matrix, id), float32Text).join(' ')}`);
  const lines = [`${rows.length} ${matrix.dim}`, ...rows];
  return `${lines.join('\n')}\n`;
}

/** gensim's `load_word2vec_format(binary=False)`: word → vector. Errors name the line. */
export function parseWord2vecText(text: string): { count: number; dim: number; vectors: Map<string, Float32Array> } {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const header = (lines[0] ?? '').split(' ').map(Number);
  const [count, dim] = header;
  if (header.length !== 2 || !Number.isInteger(count) || !Number.isInteger(dim)) throw new Error(`word2vec line 1: expected "count dim", got "${lines[0] ?? ''}"`);
  const vectors = new Map<string, Float32Array>();
  lines.slice(1).forEach((line, i) => {
    const parts = line.split(' ');
    if (parts.length !== dim! + 1) throw new Error(`word2vec line ${i + 2}: expected a word and ${dim} numbers, got ${parts.length - 1} numbers`);
    vectors.set(parts[0]!, Float32Array.from(parts.slice(1), Number));
  });
  return { count: count!, dim: dim!, vectors };
}

function norm(v: Float32Array): number {
  let sum = 0;
  for (const x of v) sum += x * x;
  return Math.sqrt(sum);
}

/**
 * gensim's `most_similar(positive=[word], topn)`: the cosine similarity of
 * the word's vector to every other word's, highest first, the word itself
 * left out. Only the words of `words` take part (not the padding row).
 */
export function mostSimilar(matrix: EmbeddingMatrix, words: WordIndex, word: string, topn = 10): Neighbour[] {
  const entry = words.find(([w]) => w === word);
  if (!entry) throw new Error(`'${word}' is not in the vocabulary`);
  const query = row(matrix, entry[1]);
  const queryNorm = norm(query);
  const scored: Neighbour[] = [];
  for (const [other, id] of words) {
    if (other === word) continue;
    const v = row(matrix, id);
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += query[i]! * v[i]!;
    const denominator = queryNorm * norm(v);
    scored.push({ word: other, similarity: denominator === 0 ? 0 : dot / denominator });
  }
  return scored.sort((a, b) => b.similarity - a.similarity).slice(0, topn);
}
