/**
 * The tutorial's text corpora read and tokenized the way its notebook cells
 * do, from a file path. No tfjs. Each result is computed once per process and
 * cached, keyed by path, size, modification time and options.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseImdbArchive, parseJaEnPairs, readLines } from './corpora';
import { segmentJapanese } from './japanese';
import { seededRandom, shuffled } from './random';
import { padSequences } from './sequences';
import { KERAS_BASE_FILTER, fitTokenizer, foldTypography, reviewWords, type KerasTokenizer } from './tokenize';
import { buildVocabulary, encodeTokens, type Vocabulary } from './vocabulary';

const cache = new Map<string, Promise<unknown>>();

/** `build(file)` once per (path, size, mtime, kind); a failed build is not cached. */
async function cached<T>(file: string, kind: string, build: (file: string) => Promise<T>): Promise<T> {
  const st = await stat(file);
  const key = `${kind}|${file}|${st.size}|${st.mtimeMs}`;
  let pending = cache.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = build(file);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

// ---------------------------------------------------------------- IMDB (§4)

export interface ImdbEncoding {
  /** Keras' `nb_words`: ids at or above it become `IMDB_IDS.oov`. */
  numWords: number;
  maxlen: number;
  /** Keras' `test_split`: the share of the shuffled reviews held out, from the end. */
  testSplit: number;
}

export interface EncodedReviews {
  /** `count * maxlen` ids, padded and truncated at the front (`pad_sequences` defaults). */
  ids: Int32Array;
  labels: Float32Array;
  count: number;
  /** Word ranks from 1 (a word's id is its rank + `IMDB_IDS.indexFrom`). */
  vocabulary: Vocabulary;
}

/** Keras' `imdb.load_data` conventions: 0 padding, 1 start, 2 out of vocabulary, word ids = rank + 3. */
export const IMDB_IDS = { pad: 0, start: 1, oov: 2, indexFrom: 3 } as const;

/**
 * Keras 1.0.2's `imdb.load_data(nb_words)` + `pad_sequences(maxlen)`. That
 * version loaded only the 25,000 labelled training reviews, shuffled them
 * with seed 113 and cut off the last `test_split` (0.2) as the test set: the
 * tutorial's "Train on 20000 samples, validate on 5000 samples". numpy's
 * permutation of Keras' pickle cannot be reproduced from the Stanford files,
 * so the reviews (in archive order) are shuffled by LayerLab's own seeded
 * generator, seed 113: the same kind of split, not the same reviews.
 * Keras shipped its word index ready-made; here words are ranked by their
 * count in the training part only, so the held-out reviews stay unseen.
 */
export async function encodeImdbReviews(file: string, encoding: ImdbEncoding, split: 'train' | 'test'): Promise<EncodedReviews> {
  return cached(file, `imdb:${split}:${encoding.numWords}:${encoding.maxlen}:${encoding.testSplit}`, async () => {
    const corpus = await tokenizedImdb(file, encoding.testSplit);
    const { reviews, tokens } = corpus[split];
    const sequences = tokens.map((t) =>
      encodeTokens(t, corpus.vocabulary, { offset: IMDB_IDS.indexFrom, numWords: encoding.numWords, oov: IMDB_IDS.oov, start: IMDB_IDS.start }),
    );
    return {
      ids: padSequences(sequences, encoding.maxlen),
      labels: Float32Array.from(reviews, (r) => r.label),
      count: reviews.length,
      vocabulary: corpus.vocabulary,
    };
  });
}

/** The training reviews tokenized once per archive and split, so both splits share the parse and the ranks. */
function tokenizedImdb(file: string, testSplit: number) {
  return cached(file, `imdb:tokens:${testSplit}`, async () => {
    const reviews = shuffled(parseImdbArchive(await readFile(file)).train, seededRandom(113));
    const tokens = reviews.map((r) => reviewWords(r.text));
    // Keras: X_train = X[:int(len(X) * (1 - test_split))].
    const cut = Math.trunc(reviews.length * (1 - testSplit));
    const part = (from: number, to: number) => ({ reviews: reviews.slice(from, to), tokens: tokens.slice(from, to) });
    const train = part(0, cut);
    return { train, test: part(cut, reviews.length), vocabulary: buildVocabulary(train.tokens) };
  });
}

// ---------------------------------------------------------------- corpus files (§5, §6, §8, §9)

/** A corpus as the tutorial's `Tokenizer` saw it: the fitted tokenizer and the id sequences. */
export interface TokenizedCorpus {
  tokenizer: KerasTokenizer;
  sequences: number[][];
}

/**
 * `nbWords`: given when fewer or more corpus lines are used than the
 * tutorial's; ids at or above it are dropped (`Tokenizer(nb_words=…)`), so
 * they fit the dataset's fixed vocabulary.
 */
function tokenized(texts: readonly string[], filters: string, nbWords: number | undefined): TokenizedCorpus {
  const tokenizer = fitTokenizer(texts, filters);
  return { tokenizer, sequences: tokenizer.textsToSequences(texts, nbWords) };
}

async function aliceLines(file: string, lines: number): Promise<string[]> {
  return readLines(foldTypography(await readFile(file, 'utf8'))).slice(0, lines);
}

/**
 * §5: `open(path).readlines()[0:lines]`, `Tokenizer()` fitted on them,
 * `texts_to_sequences`, then only sequences of more than one word.
 */
export function aliceNextWordCorpus(file: string, lines: number, nbWords?: number): Promise<TokenizedCorpus> {
  return cached(file, `alice:lm:${lines}:${nbWords}`, async (f) => {
    const corpus = tokenized(await aliceLines(f, lines), KERAS_BASE_FILTER, nbWords);
    return { ...corpus, sequences: corpus.sequences.filter((s) => s.length > 1) };
  });
}

/** §8 and §9's filters: `base_filter() + "'"`, so `alice's` is two words. */
export const WORD2VEC_FILTERS = `${KERAS_BASE_FILTER}'`;

/**
 * §8 and §9: `readlines()[0:lines]`, only lines with at least two spaces
 * (counted on the raw line), `Tokenizer(filters=base_filter()+"'")`.
 */
export function aliceWord2vecCorpus(file: string, lines: number, nbWords?: number): Promise<TokenizedCorpus> {
  return cached(file, `alice:w2v:${lines}:${nbWords}`, async (f) => {
    const kept = (await aliceLines(f, lines)).filter((line) => line.split(' ').length - 1 >= 2);
    return tokenized(kept, WORD2VEC_FILTERS, nbWords);
  });
}

/** §6's filters for both languages, exactly: `base_filter() + "「」・。、()?! '"`. */
export const JA_EN_FILTERS = `${KERAS_BASE_FILTER}「」・。、()?! '`;

export interface JaEnCorpus {
  japanese: TokenizedCorpus;
  /** Sentences framed as `GOS … EOS` (lower-cased by the tokenizer: `gos`, `eos`). */
  english: TokenizedCorpus;
}

/**
 * §6 on Tatoeba's pairs: the first `pairs` lines of the file. The Japanese
 * is segmented into space-separated words (the tutorial's yellow.ja.txt came
 * so), each English line becomes `"GOS " + line + " EOS"`, and each side gets
 * its own `Tokenizer(filters)`. (The tutorial fits the English tokenizer
 * twice on the same lines; that doubles every count and changes no rank.)
 * Full-width ！ and ？, which Tatoeba uses, are not in the tutorial's filters,
 * so they are Japanese words here.
 */
export function jaEnCorpus(file: string, pairs: number, nbWords?: { japanese: number; english: number }): Promise<JaEnCorpus> {
  return cached(file, `ja-en:${pairs}:${nbWords?.japanese}:${nbWords?.english}`, async (f) => {
    const kept = parseJaEnPairs(await readFile(f, 'utf8')).slice(0, pairs);
    const japanese = await segmentJapanese(kept.map((p) => p.japanese));
    const english = kept.map((p) => `GOS ${foldTypography(p.english)} EOS`);
    return {
      japanese: tokenized(japanese, JA_EN_FILTERS, nbWords?.japanese),
      english: tokenized(english, JA_EN_FILTERS, nbWords?.english),
    };
  });
}
