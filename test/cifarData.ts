import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasSharedFile, sharedFile } from './dataDirs';

const SCRIPT = path.join(__dirname, '..', 'scripts', 'cifar-from-jpeg.mjs');
export const CIFAR_TEST_JPEGS = 'cifar10/CIFAR-10-images-test-jpg.tar.gz';
export const CIFAR_TRAIN_JPEGS = 'cifar10/CIFAR-10-images-train-jpg.tar.gz';
/** The exact first 200 training records, a prefix of the official data_batch_1.bin. */
export const CIFAR_FIRST200 = 'cifar10/cifar10_train_first200.bin';
/**
 * Training records converted by default: 100 per class, which covers every
 * image of the first 200 (no class has more than 30 there), for comparisons.
 */
export const CIFAR_TRAIN_LIMIT = 1000;

export function hasCifarJpegs(): boolean {
  return hasSharedFile(CIFAR_TEST_JPEGS) && hasSharedFile(CIFAR_TRAIN_JPEGS);
}

/**
 * A folder with `test_batch.bin` (all 10,000 test images) and `data_batch_1.bin`
 * (the first `trainLimit` training images, classes interleaved), in the
 * official CIFAR-10 binary format, converted from the shared lossy JPEGs by
 * scripts/cifar-from-jpeg.mjs. Converted once (a few seconds) and reused by
 * later tests and runs: the folder's name changes with the script and the inputs.
 */
export function cifarJpegBatchesDir(trainLimit = CIFAR_TRAIN_LIMIT): string {
  const key = createHash('sha256')
    .update(readFileSync(SCRIPT))
    .update(`${trainLimit}|${statSync(sharedFile(CIFAR_TEST_JPEGS)).size}|${statSync(sharedFile(CIFAR_TRAIN_JPEGS)).size}`)
    .digest('hex')
    .slice(0, 12);
  const out = path.join(os.tmpdir(), `layerlab-cifar10-jpeg-${key}`);
  const batches = Math.ceil(trainLimit / 10_000);
  const expected = ['test_batch.bin', ...Array.from({ length: batches }, (_, i) => `data_batch_${i + 1}.bin`)];
  if (expected.every((name) => existsSync(path.join(out, name)))) return out;
  // The script writes each file under a temporary name and renames it, so two
  // workers converting at once both end up with the same complete files.
  const args = ['--out', out, '--train-limit', String(trainLimit), '--test', sharedFile(CIFAR_TEST_JPEGS), '--train', sharedFile(CIFAR_TRAIN_JPEGS)];
  execFileSync(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}
