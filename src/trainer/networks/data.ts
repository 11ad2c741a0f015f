/**
 * Reading the real datasets for the tutorial networks. Parsing and
 * tokenizing are in src/node (no tfjs); this file turns their output into
 * tensors. Text corpora are parsed once per process and cached, keyed by
 * file path, size and modification time.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { MNIST } from '../../engine/datasets';
import { loadImageDataset } from '../../node/datasets';
import {
  encodeAliceText,
  encodeImdbReviews,
  encodeJaEnSamples,
  type AliceText,
  type EncodedReviews,
  type ImdbEncoding,
  type JaEnEncoding,
  type JaEnSamples,
} from '../../node/textData';
export { EN_IDS, IMDB_IDS, JA_IDS, type AliceText, type EncodedReviews, type ImdbEncoding, type JaEnEncoding, type JaEnSamples } from '../../node/textData';
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

// ---------------------------------------------------------------- text corpora, from the datasets root

export async function imdbTrain(dataDir: string, encoding: ImdbEncoding): Promise<EncodedReviews> {
  return encodeImdbReviews(path.join(dataDir, DATASET_FILES.imdb), encoding, 'train');
}

export async function aliceText(dataDir: string, numWords: number): Promise<AliceText> {
  return encodeAliceText(path.join(dataDir, DATASET_FILES.alice), numWords);
}

export async function jaEnSamples(dataDir: string, encoding: JaEnEncoding): Promise<JaEnSamples> {
  return encodeJaEnSamples(path.join(dataDir, DATASET_FILES.jaEn), encoding);
}
