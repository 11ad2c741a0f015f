/**
 * Reading the real datasets for the tutorial networks. Parsing and
 * tokenizing are in src/node (no tfjs); this file turns their output into
 * tensors. Text corpora are parsed once per process and cached, keyed by
 * file path, size and modification time.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { MNIST } from '../../engine/datasets';
import { loadImageDataset } from '../../node/datasets';
import {
  buildVocabulary,
  encodeTokens,
  englishWords,
  japaneseChars,
  padSequences,
  parseImdbArchive,
  parseJaEnPairs,
  reviewWords,
  seededRandom,
  shuffled,
  shuffledIndices,
  type Vocabulary,
} from '../../node/textData';
import type { LoadDataOptions, Tf } from './types';

export const DATASET_FILES = {
  mnistImages: path.join('mnist', MNIST.files.trainImages.name),
  cifar10: path.join('cifar10', 'cifar10_train_first200.bin'),
  imdb: path.join('imdb', 'aclImdb_v1_labeled.tar.gz'),
  alice: path.join('alice', '11-0.txt'),
  jaEn: path.join('ja-en', 'jpn.txt'),
} as const;

/** `limit` checked and applied to `available` samples. */
export function sampleCount(available: number, options: LoadDataOptions = {}): number {
  const { limit } = options;
  if (limit === undefined) return available;
  if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  return Math.min(limit, available);
}

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

export function oneHot(tf: Tf, classes: ArrayLike<number>, depth: number): TF.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(classes), 'int32'), depth).toFloat() as TF.Tensor2D);
}

/** Class ids as a `[n, 1]` tensor: the target shape tfjs expects for sparse categorical cross-entropy. */
export function sparseTargets(tf: Tf, ids: ArrayLike<number>): TF.Tensor2D {
  return tf.tensor2d(Int32Array.from(ids), [ids.length, 1], 'float32');
}

// ---------------------------------------------------------------- images

export interface Images {
  /** Pixels scaled to [0, 1] (the seed's `X /= 255`), NHWC. */
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
}

/** MNIST training images /255 and labels, through the app's IDX loader. */
export async function mnistTrain(dataDir: string, options: LoadDataOptions = {}): Promise<Images> {
  const data = await loadImageDataset(MNIST, 'train', { dataDirs: [dataDir], cacheDir: path.join(dataDir, '.cache') }, options);
  const pixels = new Float32Array(data.images.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data.images[i]! / 255;
  return { pixels, labels: data.labels.slice(), count: data.count };
}

const CIFAR_RECORD = 1 + 3 * 32 * 32;

/**
 * CIFAR-10 binary records (1 label byte, then 1024 R, 1024 G and 1024 B bytes,
 * row-major) to NHWC pixels /255, the layout of Keras' `channels_last`.
 */
export async function cifar10Train(dataDir: string, options: LoadDataOptions = {}): Promise<Images> {
  const file = path.join(dataDir, DATASET_FILES.cifar10);
  const bytes = await readFile(file);
  if (bytes.length % CIFAR_RECORD !== 0) {
    throw new Error(`${file}: ${bytes.length} bytes is not a whole number of ${CIFAR_RECORD}-byte CIFAR-10 records`);
  }
  const count = sampleCount(bytes.length / CIFAR_RECORD, options);
  const pixels = new Float32Array(count * 32 * 32 * 3);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const rec = n * CIFAR_RECORD;
    const label = bytes[rec]!;
    if (label > 9) throw new Error(`${file}: record ${n} has label ${label}, outside 0–9`);
    labels[n] = label;
    for (let p = 0; p < 1024; p++) {
      for (let ch = 0; ch < 3; ch++) pixels[(n * 1024 + p) * 3 + ch] = bytes[rec + 1 + ch * 1024 + p]! / 255;
    }
  }
  return { pixels, labels, count };
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
 * The 25,000 training reviews of the Stanford archive, encoded the way
 * Keras' `imdb.load_data(num_words)` + `pad_sequences(maxlen)` encode them.
 * Word ranks are counted over the training reviews (Keras' pre-built index
 * also counted the test reviews; counting only training text keeps the test
 * split unseen). Reviews are shuffled with Keras' seed, 113, so that any
 * prefix holds both labels.
 */
export async function imdbTrain(dataDir: string, encoding: ImdbEncoding): Promise<EncodedReviews> {
  const file = path.join(dataDir, DATASET_FILES.imdb);
  return cached(file, `imdb:${encoding.numWords}:${encoding.maxlen}`, async () => {
    const { train } = parseImdbArchive(await readFile(file));
    const reviews = shuffled(train, seededRandom(113));
    const tokens = reviews.map((r) => reviewWords(r.text));
    const vocabulary = buildVocabulary(tokens);
    const sequences = tokens.map((t) =>
      encodeTokens(t, vocabulary, {
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
      vocabulary,
    };
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

export async function aliceText(dataDir: string, numWords: number): Promise<AliceText> {
  const file = path.join(dataDir, DATASET_FILES.alice);
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
}

/**
 * Next-word samples for the encoder-decoder: every sentence pair of
 * `len` English words (at most `maxEn - 1` kept) gives `len + 1` samples,
 * (Japanese sentence, English prefix) → next English word, the way the Keras
 * 1 caption-generation example trains on (image, partial caption) → next
 * word. Pairs are shuffled (seed 2017) since the file is sorted by length.
 */
export async function jaEnSamples(dataDir: string, encoding: JaEnEncoding): Promise<JaEnSamples> {
  const file = path.join(dataDir, DATASET_FILES.jaEn);
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
    return { japanese, prefix, next, count, pairs: pairs.length };
  });
}
