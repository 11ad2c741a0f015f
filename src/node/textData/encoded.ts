/**
 * The tutorial's text corpora encoded as word ids, from a file path: the
 * samples the networks train on and the app previews. No tfjs. Each corpus is
 * parsed once per process and cached, keyed by path, size and modification
 * time.
 */
import { readFile, stat } from 'node:fs/promises';
import { buildVocabulary, encodeTokens, type Vocabulary } from './vocabulary';
import { englishWords, japaneseChars, reviewWords } from './tokenize';
import { padSequences } from './sequences';
import { parseImdbArchive, parseJaEnPairs, type ImdbReview } from './corpora';
import { seededRandom, shuffled, shuffledIndices } from './random';

const cache = new Map<string, Promise<unknown>>();

/** `build(file)` once per (path, size, mtime); a failed build is not cached. */
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

// ---------------------------------------------------------------- IMDB

export interface ImdbEncoding {
  /** Keras' `num_words`: ids at or above it become `oovId`. */
  numWords: number;
  maxlen: number;
}

export interface EncodedReviews {
  /** `count * maxlen` ids, padded and truncated at the front (Keras' `pad_sequences` default). */
  ids: Int32Array;
  labels: Float32Array;
  count: number;
  vocabulary: Vocabulary;
}

/** Keras' `imdb.load_data` conventions: 0 padding, 1 start, 2 out of vocabulary, word ids = rank + 3. */
export const IMDB_IDS = { pad: 0, start: 1, oov: 2, indexFrom: 3 } as const;

/**
 * The 25,000 training (or test) reviews of the Stanford archive, encoded the way
 * Keras' `imdb.load_data(num_words)` + `pad_sequences(maxlen)` encode them.
 * Word ranks are counted over the training reviews (Keras' pre-built index
 * also counted the test reviews; counting only training text keeps the test
 * split unseen). Reviews are shuffled with Keras' seed, 113, so that any
 * prefix holds both labels.
 */
export async function encodeImdbReviews(file: string, encoding: ImdbEncoding, split: 'train' | 'test' = 'train'): Promise<EncodedReviews> {
  return cached(file, `imdb:${split}:${encoding.numWords}:${encoding.maxlen}`, async () => {
    const corpus = await tokenizedImdb(file);
    const { reviews, tokens } = corpus[split];
    const sequences = tokens.map((t) =>
      encodeTokens(t, corpus.vocabulary, {
        offset: IMDB_IDS.indexFrom,
        numWords: encoding.numWords,
        oov: IMDB_IDS.oov,
        start: IMDB_IDS.start,
      }),
    );
    return {
      ids: padSequences(sequences, encoding.maxlen),
      labels: Float32Array.from(reviews, (r) => r.label),
      count: reviews.length,
      vocabulary: corpus.vocabulary,
    };
  });
}

/**
 * Both splits tokenized once per archive: training then testing (and any
 * other encoding) reuse the parse, the tokens and the word ranks.
 */
function tokenizedImdb(file: string) {
  return cached(file, 'imdb:tokens', async () => {
    const splits = parseImdbArchive(await readFile(file));
    const tokenize = (reviews: ImdbReview[]) => {
      const ordered = shuffled(reviews, seededRandom(113));
      return { reviews: ordered, tokens: ordered.map((r) => reviewWords(r.text)) };
    };
    const train = tokenize(splits.train);
    // The vocabulary always comes from the training reviews, so test ids mean the same words.
    return { train, test: tokenize(splits.test), vocabulary: buildVocabulary(train.tokens) };
  });
}

// ---------------------------------------------------------------- Alice

export interface AliceText {
  /**
   * The book as word ids, Keras `Tokenizer` style: rank by frequency from 1,
   * words ranked `numWords` or later dropped (the whole book fits the seed's
   * 5,000 words, so none are).
   */
  ids: number[];
  vocabulary: Vocabulary;
  /** Distinct words + 1 (id 0 is never a word). */
  usedIds: number;
}

export async function encodeAliceText(file: string, numWords: number): Promise<AliceText> {
  return cached(file, `alice:${numWords}`, async () => {
    const words = englishWords(await readFile(file, 'utf8'));
    const vocabulary = buildVocabulary([words]);
    const ids = encodeTokens(words, vocabulary, { numWords });
    return { ids, vocabulary, usedIds: Math.min(numWords, vocabulary.words.length + 1) };
  });
}

// ---------------------------------------------------------------- Japanese → English

export interface JaEnEncoding {
  jaVocab: number;
  enVocab: number;
  maxJa: number;
  /** Decoder steps: `<start>` plus at most `maxEn - 1` English words. */
  maxEn: number;
}

/** Japanese ids: 0 padding, 1 unknown character, characters = rank + 1. */
export const JA_IDS = { pad: 0, oov: 1, indexFrom: 1 } as const;
/** English ids: 0 padding, 1 unknown word, 2 `<start>`, 3 `<end>`, words = rank + 3. */
export const EN_IDS = { pad: 0, oov: 1, start: 2, end: 3, indexFrom: 3 } as const;

export interface JaEnSamples {
  /** `count * maxJa` Japanese character ids per sample. */
  japanese: Int32Array;
  /** `count * maxEn` ids of the English words so far, `<start>` first, padded at the front. */
  prefix: Int32Array;
  /** `count` ids: the English word that comes next (`<end>` after the last word). */
  next: Int32Array;
  count: number;
  pairs: number;
  jaVocabulary: Vocabulary;
  enVocabulary: Vocabulary;
}

/**
 * Next-word samples for the encoder-decoder: every sentence pair of
 * `len` English words (at most `maxEn - 1` kept) gives `len + 1` samples,
 * (Japanese sentence, English prefix) → next English word, the way the Keras
 * 1 caption-generation example trains on (image, partial caption) → next
 * word. Pairs are shuffled (seed 2017) since the file is sorted by length.
 */
export async function encodeJaEnSamples(file: string, encoding: JaEnEncoding): Promise<JaEnSamples> {
  const key = `ja-en:${encoding.jaVocab}:${encoding.enVocab}:${encoding.maxJa}:${encoding.maxEn}`;
  return cached(file, key, async () => {
    const pairs = parseJaEnPairs(await readFile(file, 'utf8'));
    const order = shuffledIndices(pairs.length, seededRandom(2017));
    const jaTokens: string[][] = [];
    const enTokens: string[][] = [];
    for (const i of order) {
      jaTokens.push(japaneseChars(pairs[i]!.japanese));
      enTokens.push(englishWords(pairs[i]!.english).slice(0, encoding.maxEn - 1));
    }
    const jaVocabulary = buildVocabulary(jaTokens);
    const enVocabulary = buildVocabulary(enTokens);
    const jaIds = padSequences(
      jaTokens.map((t) => encodeTokens(t, jaVocabulary, { offset: JA_IDS.indexFrom, numWords: encoding.jaVocab, oov: JA_IDS.oov })),
      encoding.maxJa,
    );
    const enIds = enTokens.map((t) =>
      encodeTokens(t, enVocabulary, {
        offset: EN_IDS.indexFrom,
        numWords: encoding.enVocab,
        oov: EN_IDS.oov,
        start: EN_IDS.start,
        end: EN_IDS.end,
      }),
    );
    const count = enIds.reduce((n, ids) => n + ids.length - 1, 0);
    const japanese = new Int32Array(count * encoding.maxJa);
    const prefix = new Int32Array(count * encoding.maxEn);
    const next = new Int32Array(count);
    let s = 0;
    enIds.forEach((ids, p) => {
      const ja = jaIds.subarray(p * encoding.maxJa, (p + 1) * encoding.maxJa);
      for (let t = 1; t < ids.length; t++, s++) {
        japanese.set(ja, s * encoding.maxJa);
        // `t` ids so far (t ≤ maxEn), right-aligned: pad_sequences' 'pre' padding.
        prefix.set(ids.slice(0, t), s * encoding.maxEn + encoding.maxEn - t);
        next[s] = ids[t]!;
      }
    });
    return { japanese, prefix, next, count, pairs: pairs.length, jaVocabulary, enVocabulary };
  });
}
