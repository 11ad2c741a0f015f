import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fashionMnistDir, hasFashionMnist, mnistDir } from '../../../test/dataDirs';
import { FASHION_MNIST, MNIST } from '../../engine/datasets';
import { DatasetFileError } from './idx';
import { loadImageDataset, type ImageDataset } from './load';
import type { DatasetDirs } from './locate';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'layerlab-load-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A fresh, empty cache per call, so nothing but the data dir can supply files. */
function dirsFor(dataDir: string): DatasetDirs {
  return { dataDirs: [dataDir], cacheDir: mkdtempSync(path.join(root, 'cache-')) };
}

function histogram(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}

function meanPixel(images: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < images.length; i++) sum += images[i]!;
  return sum / images.length;
}

describe('loadImageDataset on the real MNIST', () => {
  const dirs = () => ({ dataDirs: [mnistDir()], cacheDir: path.join(root, 'unused-cache') });
  let train: ImageDataset;

  it('reads the 60,000 training images and labels', async () => {
    train = await loadImageDataset(MNIST, 'train', dirs());
    expect({ count: train.count, rows: train.rows, cols: train.cols, channels: train.channels }).toEqual({
      count: 60_000,
      rows: 28,
      cols: 28,
      channels: 1,
    });
    expect(train.images.length).toBe(60_000 * 784);
    expect(train.labels.length).toBe(60_000);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    // The published class counts, and the mean behind the usual 0.1307 normalisation.
    expect(histogram(train.labels, 10)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(meanPixel(train.images) / 255).toBeCloseTo(0.1307, 4);
  });

  it('serves a second load from the in-process cache, without re-parsing', async () => {
    const again = await loadImageDataset(MNIST, 'train', dirs());
    // The very same buffer: a re-parse would have produced a new one. (Compared
    // as a boolean: a failing toBe on 47 MB arrays would spend minutes diffing.)
    expect(again.images === train.images).toBe(true);
  });

  it('limits to the first samples as views of the cached split', async () => {
    const few = await loadImageDataset(MNIST, 'train', dirs(), { limit: 10 });
    expect(few.count).toBe(10);
    expect(few.images.length).toBe(7840);
    expect(few.images.buffer === train.images.buffer).toBe(true);
    expect(Array.from(few.labels)).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    await expect(loadImageDataset(MNIST, 'train', dirs(), { limit: -1 })).rejects.toThrow(RangeError);
  });

  it('reads the 10,000 test images', async () => {
    const test = await loadImageDataset(MNIST, 'test', dirs());
    expect(test.count).toBe(10_000);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(histogram(test.labels, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    const first = test.images.subarray(0, 784).reduce((a, b) => a + b, 0);
    expect(first).toBe(18454);
  });

  it('finds the files through a data dir that holds a mnist/ folder', async () => {
    const test = await loadImageDataset(MNIST, 'test', dirsFor(path.dirname(mnistDir())), { limit: 3 });
    expect(Array.from(test.labels)).toEqual([7, 2, 1]);
  });
});

describe.skipIf(!hasFashionMnist())('loadImageDataset on the real Fashion-MNIST (skips without dataset-fashion-mnist installed)', () => {
  // Debian's files are re-compressed, so they differ from the catalog's digests;
  // a data dir is not hash-checked, and this proves that policy accepts them.
  const dirs = () => ({ dataDirs: [fashionMnistDir()], cacheDir: path.join(root, 'unused-cache') });

  it('reads 60,000 training and 10,000 test items, 6,000 and 1,000 per class', async () => {
    const train = await loadImageDataset(FASHION_MNIST, 'train', dirs());
    expect([train.count, train.rows, train.cols, train.channels]).toEqual([60_000, 28, 28, 1]);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(histogram(train.labels, 10)).toEqual(new Array(10).fill(6000));
    // Fashion-MNIST's usual normalisation mean is 0.2860.
    expect(meanPixel(train.images) / 255).toBeCloseTo(0.286, 3);

    const test = await loadImageDataset(FASHION_MNIST, 'test', dirs());
    expect(test.count).toBe(10_000);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(histogram(test.labels, 10)).toEqual(new Array(10).fill(1000));
  });
});

describe('loadImageDataset errors', () => {
  /** A data dir holding MNIST-named test files built from raw IDX bytes. */
  function dataDirWith(images: { dims: number[] }, labels: { dims: number[]; values?: number[] }): string {
    const dir = mkdtempSync(path.join(root, 'data-'));
    const write = (name: string, magic: number, dims: number[], payload: Uint8Array) => {
      const header = Buffer.alloc(4 + 4 * dims.length);
      header.writeUInt32BE(magic, 0);
      dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
      writeFileSync(path.join(dir, name), gzipSync(Buffer.concat([header, payload])));
    };
    const pixels = images.dims.reduce((a, b) => a * b, 1);
    write(MNIST.files.testImages.name, 0x0800 + images.dims.length, images.dims, new Uint8Array(pixels));
    const count = labels.dims[0] ?? 0;
    write(MNIST.files.testLabels.name, 0x0801, labels.dims, Uint8Array.from(labels.values ?? new Array(count).fill(0)));
    return dir;
  }

  async function loadError(dirs: DatasetDirs): Promise<DatasetFileError> {
    const err = await loadImageDataset(MNIST, 'test', dirs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetFileError);
    return err as DatasetFileError;
  }

  it('names the missing file, every directory searched and LAYERLAB_DATA_DIR', async () => {
    const empty = mkdtempSync(path.join(root, 'empty-'));
    const dirs = dirsFor(empty);
    const err = await loadError(dirs);
    expect(err.file).toBe('t10k-images-idx3-ubyte.gz');
    expect(err.message).toMatch(/^t10k-images-idx3-ubyte\.gz: missing/);
    expect(err.message).toContain(`  ${empty}\n`);
    expect(err.message).toContain(`  ${path.join(empty, 'mnist')}\n`);
    expect(err.message).toContain(`  ${path.join(dirs.cacheDir, 'datasets', 'mnist')}\n`);
    expect(err.message).toContain('LAYERLAB_DATA_DIR');
  });

  it('rejects images of the wrong size, naming the images file', async () => {
    const dir = dataDirWith({ dims: [2, 27, 28] }, { dims: [2] });
    const err = await loadError(dirsFor(dir));
    expect(err.file).toBe(path.join(dir, MNIST.files.testImages.name));
    expect(err.message).toContain('expected 28×28×1 images');
    expect(err.message).toContain('[2, 27, 28]');
  });

  it('rejects a label count that differs from the image count, naming the labels file', async () => {
    const dir = dataDirWith({ dims: [3, 28, 28] }, { dims: [2] });
    const err = await loadError(dirsFor(dir));
    expect(err.file).toBe(path.join(dir, MNIST.files.testLabels.name));
    expect(err.message).toContain('has 2 labels but');
    expect(err.message).toContain('has 3 images');
  });

  it('rejects a label outside the class list, naming the labels file', async () => {
    const dir = dataDirWith({ dims: [3, 28, 28] }, { dims: [3], values: [1, 9, 10] });
    const err = await loadError(dirsFor(dir));
    expect(err.file).toBe(path.join(dir, MNIST.files.testLabels.name));
    expect(err.message).toContain('label 10 at index 2 is out of range for 10 classes');
  });

  it('passes parse errors of a data-dir file through, with its path', async () => {
    const dir = mkdtempSync(path.join(root, 'bad-'));
    mkdirSync(path.join(dir, 'mnist'));
    writeFileSync(path.join(dir, 'mnist', MNIST.files.testImages.name), '<html>moved</html>');
    writeFileSync(path.join(dir, 'mnist', MNIST.files.testLabels.name), '');
    const err = await loadError(dirsFor(dir));
    expect(err.message).toBe(`${path.join(dir, 'mnist', MNIST.files.testImages.name)}: not a gzip file`);
  });
});
