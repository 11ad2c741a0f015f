import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR_FIRST200, cifarJpegBatchesDir, hasCifarJpegs } from '../../../test/cifarData';
import { hasSharedFile, sharedDatasetsDir, sharedFile } from '../../../test/dataDirs';
import { CIFAR10 } from '../../engine/datasets';
import { DatasetPreviewSchema } from '../../shared/contract';
import { parseCifarBatch } from './cifar';
import { ensureDataset } from './download';
import { DatasetFileError } from './idx';
import { clearDatasetCache, loadImageDataset } from './load';
import { cachePath, datasetStatus, type DatasetDirs } from './locate';
import { previewSamples } from './preview';

const RECORD = 3073;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'layerlab-cifar-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Data dirs as given, and a fresh, empty cache, so nothing else can supply files. */
function dirsFor(...dataDirs: string[]): DatasetDirs {
  return { dataDirs, cacheDir: mkdtempSync(path.join(root, 'cache-')) };
}

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}

/** Peak signal-to-noise ratio of two 8-bit images, in dB. */
function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;

const hasFirst200 = hasSharedFile(CIFAR_FIRST200);

describe.skipIf(!hasFirst200)('CIFAR-10 binary batches', () => {
  const first200 = () => readFileSync(sharedFile(CIFAR_FIRST200));

  it('parses the real first 200 training records into HWC pixels', () => {
    const records = parseCifarBatch(CIFAR10, first200(), CIFAR_FIRST200);
    expect(records.count).toBe(200);
    expect(records.images.length).toBe(200 * 32 * 32 * 3);
    // The well-known start of the CIFAR-10 training set (Keras' y_train[:10], x_train[0]).
    expect(Array.from(records.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect(Array.from(records.images.subarray(0, 6))).toEqual([59, 62, 63, 43, 46, 45]);
    // Channels interleaved, not planes: pixel (31, 31) of image 0 comes from the ends of its three planes.
    const raw = first200();
    const last = (32 * 32 - 1) * 3;
    expect(Array.from(records.images.subarray(last, last + 3))).toEqual([raw[1 + 1023], raw[1 + 2047], raw[1 + 3071]]);
  });

  it('reads the shared first-200 file as data_batch_1.bin from a datasets root, and says what is missing', async () => {
    const dirs = dirsFor(sharedDatasetsDir());
    const train = await loadImageDataset(CIFAR10, 'train', dirs);
    expect([train.count, train.rows, train.cols, train.channels]).toEqual([200, 32, 32, 3]);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);

    const status = datasetStatus(CIFAR10, dirs);
    expect(status.ready).toBe(false);
    expect(status.files).toEqual([
      { name: 'data_batch_1.bin', path: sharedFile(CIFAR_FIRST200), source: 'data-dir' },
      { name: 'test_batch.bin', path: null, source: 'missing' },
      { name: 'cifar-10-binary.tar.gz', path: null, source: 'missing' },
    ]);
    const err = await loadImageDataset(CIFAR10, 'test', dirs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetFileError);
    expect((err as Error).message).toMatch(/^test_batch\.bin: missing \(CIFAR-10 tiny colour images, test split\): neither test_batch\.bin nor the archive cifar-10-binary\.tar\.gz/);
    expect((err as Error).message).toContain(path.join(sharedDatasetsDir(), 'cifar10'));
  });

  it('names every training batch when none is found', async () => {
    const empty = path.join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    const err = await loadImageDataset(CIFAR10, 'train', dirsFor(empty)).catch((e: unknown) => e);
    expect((err as Error).message).toContain('none of the 5 training batches (data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin) nor the archive');
    await expect(ensureDataset(CIFAR10, dirsFor(empty), { download: false })).rejects.toThrow(/^data_batch_1\.bin: missing/);
  });

  it('reads whichever training batches exist, in order, from cifar-10-batches-bin/ too', async () => {
    const dir = path.join(root, 'subset');
    const inner = path.join(dir, 'cifar-10-batches-bin');
    mkdirSync(inner, { recursive: true });
    const raw = first200();
    // Batch 1 directly in the data dir, batch 3 in the archive's folder name; 2, 4 and 5 absent.
    writeFileSync(path.join(dir, 'data_batch_1.bin'), raw.subarray(0, 50 * RECORD));
    writeFileSync(path.join(inner, 'data_batch_3.bin'), raw.subarray(50 * RECORD, 80 * RECORD));
    writeFileSync(path.join(inner, 'test_batch.bin'), raw.subarray(80 * RECORD, 100 * RECORD));
    const dirs = dirsFor(dir);
    const train = await loadImageDataset(CIFAR10, 'train', dirs);
    const test = await loadImageDataset(CIFAR10, 'test', dirs);
    const all = parseCifarBatch(CIFAR10, raw, CIFAR_FIRST200);
    expect(train.count).toBe(80);
    expect(Buffer.from(train.images).equals(Buffer.from(all.images.subarray(0, 80 * 3072)))).toBe(true);
    expect(Array.from(test.labels)).toEqual(Array.from(all.labels.subarray(80, 100)));
    const status = datasetStatus(CIFAR10, dirs);
    expect(status.ready).toBe(true);
    expect(status.files.map((f) => f.name)).toEqual(['data_batch_1.bin', 'data_batch_3.bin', 'test_batch.bin']);
  });

  it('refuses a truncated batch or a bad label, naming the file and the record', async () => {
    const dir = path.join(root, 'broken');
    mkdirSync(dir, { recursive: true });
    const raw = first200();
    writeFileSync(path.join(dir, 'data_batch_1.bin'), raw.subarray(0, 10 * RECORD));
    writeFileSync(path.join(dir, 'data_batch_2.bin'), raw.subarray(0, 10 * RECORD - 1));
    const truncated = path.join(dir, 'data_batch_2.bin');
    await expect(loadImageDataset(CIFAR10, 'train', dirsFor(dir))).rejects.toThrow(
      `${truncated}: 30729 bytes is not a whole number of 3073-byte CIFAR records (truncated or not a CIFAR batch file) (one of the 2 of 5 training batches found)`,
    );
    const badLabel = Buffer.from(raw.subarray(0, 3 * RECORD));
    badLabel[2 * RECORD] = 10;
    expect(() => parseCifarBatch(CIFAR10, badLabel, 'x.bin')).toThrow('x.bin: record 2 (byte 6146) has label 10, out of range for 10 classes');
  });

  describe('the official archive layout', () => {
    let archive: string;
    let raw: Buffer;
    beforeAll(() => {
      // A real gzipped tar with the official member names, built by the system tar from the shared records.
      raw = first200();
      const src = path.join(root, 'archive-src');
      const inner = path.join(src, 'cifar-10-batches-bin');
      mkdirSync(inner, { recursive: true });
      for (let b = 0; b < 5; b++) writeFileSync(path.join(inner, `data_batch_${b + 1}.bin`), raw.subarray(b * 30 * RECORD, (b + 1) * 30 * RECORD));
      writeFileSync(path.join(inner, 'test_batch.bin'), raw.subarray(150 * RECORD, 200 * RECORD));
      writeFileSync(path.join(inner, 'batches.meta.txt'), `${CIFAR10.classNames.join('\n')}\n`);
      const dir = path.join(root, 'archive-dir');
      mkdirSync(dir, { recursive: true });
      archive = path.join(dir, 'cifar-10-binary.tar.gz');
      execFileSync('tar', ['czf', archive, '-C', src, 'cifar-10-batches-bin']);
    });

    it('reads both splits from cifar-10-binary.tar.gz in a data dir', async () => {
      clearDatasetCache();
      const dirs = dirsFor(path.dirname(archive));
      const train = await loadImageDataset(CIFAR10, 'train', dirs);
      const test = await loadImageDataset(CIFAR10, 'test', dirs);
      const all = parseCifarBatch(CIFAR10, raw, CIFAR_FIRST200);
      expect([train.count, test.count]).toEqual([150, 50]);
      expect(Buffer.from(train.images).equals(Buffer.from(all.images.subarray(0, 150 * 3072)))).toBe(true);
      expect(Buffer.from(test.images).equals(Buffer.from(all.images.subarray(150 * 3072)))).toBe(true);
      expect(datasetStatus(CIFAR10, dirs)).toEqual({
        id: 'cifar10',
        ready: true,
        files: [{ name: 'cifar-10-binary.tar.gz', path: archive, source: 'data-dir' }],
      });
    });

    it('prefers extracted batches over the archive', async () => {
      const dir = path.join(root, 'both');
      mkdirSync(dir, { recursive: true });
      copyFileSync(archive, path.join(dir, 'cifar-10-binary.tar.gz'));
      writeFileSync(path.join(dir, 'test_batch.bin'), raw.subarray(0, 7 * RECORD));
      const dirs = dirsFor(dir);
      expect((await loadImageDataset(CIFAR10, 'test', dirs)).count).toBe(7);
      expect((await loadImageDataset(CIFAR10, 'train', dirs)).count).toBe(150);
    });

    describe('downloaded over loopback HTTP', () => {
      // A real server on loopback, as in download.test.ts: /good/ serves the archive
      // in chunks, /corrupt/ the same length with one byte flipped.
      let server: http.Server;
      let base: string;
      let small: typeof CIFAR10;
      beforeAll(async () => {
        const bytes = readFileSync(archive);
        // The catalog's archive is 170 MB; this spec differs only in the size and md5 of the archive served.
        small = { ...CIFAR10, files: { ...CIFAR10.files, archive: { ...CIFAR10.files.archive, bytes: bytes.length, md5: md5(bytes) } } };
        server = http.createServer((req, res) => {
          const [, mode, name] = (req.url ?? '').split('/');
          if (name !== CIFAR10.files.archive.name) return void res.writeHead(404).end();
          const body = Buffer.from(bytes);
          if (mode === 'corrupt') body[body.length >> 1] = body[body.length >> 1]! ^ 0x01;
          res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
          const half = body.length >> 1;
          res.write(body.subarray(0, half));
          setTimeout(() => res.end(body.subarray(half)), 20);
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      });

      it('fetches only the archive, checks its md5, and trains from the cached copy', async () => {
        const empty = path.join(root, 'nothing-here');
        mkdirSync(empty, { recursive: true });
        const dirs = dirsFor(empty);
        const progress: string[] = [];
        const status = await ensureDataset(small, dirs, { download: true, mirrors: [`${base}/good/`], onProgress: (file) => progress.push(file) });
        const cached = cachePath(small, small.files.archive, dirs.cacheDir);
        expect(status).toEqual({ id: 'cifar10', ready: true, files: [{ name: 'cifar-10-binary.tar.gz', path: cached, source: 'cache' }] });
        expect(new Set(progress)).toEqual(new Set(['cifar-10-binary.tar.gz']));
        const train = await loadImageDataset(small, 'train', dirs);
        expect(Array.from(train.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
      });

      it('refuses a corrupted archive by checksum and leaves the cache without it', async () => {
        const dirs = dirsFor();
        const err = await ensureDataset(small, dirs, { download: true, mirrors: [`${base}/corrupt/`] }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DatasetFileError);
        expect((err as Error).message).toMatch(/^cifar-10-binary\.tar\.gz: checksum mismatch/);
        expect((err as Error).message).toContain(`expected md5 ${small.files.archive.md5}`);
        const folder = path.dirname(cachePath(small, small.files.archive, dirs.cacheDir));
        expect(readdirSync(folder)).toEqual([]);
        expect(datasetStatus(small, dirs).ready).toBe(false);
      });

      it('asks the official URL for the real archive', async () => {
        const seen: string[] = [];
        const fetchImpl = async (url: string) => {
          seen.push(url);
          return new Response('not here', { status: 404 });
        };
        await expect(ensureDataset(CIFAR10, dirsFor(), { download: true, fetchImpl })).rejects.toThrow(/cifar-10-binary\.tar\.gz: .*HTTP 404/s);
        expect(seen).toEqual(['https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz']);
      });
    });

    it('names the archive when it is corrupt or lacks a batch', async () => {
      const dir = path.join(root, 'bad-archive');
      mkdirSync(dir, { recursive: true });
      const bytes = Buffer.from(readFileSync(archive));
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      const bad = path.join(dir, 'cifar-10-binary.tar.gz');
      writeFileSync(bad, bytes);
      await expect(loadImageDataset(CIFAR10, 'test', dirsFor(dir))).rejects.toThrow(`${bad}: corrupt or truncated gzip data`);

      const partial = path.join(root, 'partial-src');
      mkdirSync(path.join(partial, 'cifar-10-batches-bin'), { recursive: true });
      writeFileSync(path.join(partial, 'cifar-10-batches-bin', 'test_batch.bin'), raw.subarray(0, RECORD));
      execFileSync('tar', ['czf', bad, '-C', partial, 'cifar-10-batches-bin']);
      await expect(loadImageDataset(CIFAR10, 'train', dirsFor(dir))).rejects.toThrow(`${bad}: has no cifar-10-batches-bin/data_batch_1.bin`);
    });
  });

  it('previews the first training images in colour, in the contract shape', async () => {
    const preview = DatasetPreviewSchema.parse(await previewSamples(CIFAR10, 'train', dirsFor(sharedDatasetsDir()), 100));
    if (preview.kind !== 'image') throw new Error(`expected an image preview, got ${preview.kind}`);
    expect(preview).toMatchObject({ id: 'cifar10', split: 'train', rows: 32, cols: 32, channels: 3 });
    expect(preview.labels).toHaveLength(100);
    expect(preview.classNames[preview.labels[0]!]).toBe('frog');
    const pixels = Buffer.from(preview.pixelsBase64, 'base64');
    expect(pixels.length).toBe(100 * 3072);
    expect(Array.from(pixels.subarray(0, 6))).toEqual([59, 62, 63, 43, 46, 45]);
  });
});

describe.skipIf(!hasFirst200 || !hasCifarJpegs())('CIFAR-10 batches converted from the shared JPEGs (scripts/cifar-from-jpeg.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = cifarJpegBatchesDir();
  });

  it('gives the full test set, 1,000 images per class, classes interleaved', async () => {
    const test = await loadImageDataset(CIFAR10, 'test', dirsFor(dir));
    expect([test.count, test.rows, test.cols, test.channels]).toEqual([10_000, 32, 32, 3]);
    expect(histogram(test.labels)).toEqual(new Array(10).fill(1000));
    expect(Array.from(test.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('is close to the exact pixels of the first 200 training images (lossy JPEG, about 30 dB)', async () => {
    const exact = parseCifarBatch(CIFAR10, readFileSync(sharedFile(CIFAR_FIRST200)), CIFAR_FIRST200);
    const converted = parseCifarBatch(CIFAR10, readFileSync(path.join(dir, 'data_batch_1.bin')), 'data_batch_1.bin');
    // The JPEGs keep the order within each class: the k-th image of class c is record 10k + c here.
    const seen = new Array<number>(10).fill(0);
    const matched: number[] = [];
    const shuffled: number[] = [];
    for (let n = 0; n < exact.count; n++) {
      const label = exact.labels[n]!;
      const m = 10 * seen[label]!++ + label;
      expect(converted.labels[m]).toBe(label);
      const image = (d: Uint8Array, i: number) => d.subarray(i * 3072, (i + 1) * 3072);
      matched.push(psnr(image(exact.images, n), image(converted.images, m)));
      // The same class, the next image: what a wrong pairing would score.
      shuffled.push(psnr(image(exact.images, n), image(converted.images, m + 10)));
    }
    const [low, mid, high] = [Math.min(...matched), median(matched), Math.max(...matched)];
    console.log(`JPEG vs exact, 200 images: PSNR min ${low.toFixed(1)} median ${mid.toFixed(1)} max ${high.toFixed(1)} dB; mismatched pairs median ${median(shuffled).toFixed(1)} dB`);
    expect(mid).toBeGreaterThan(28);
    expect(mid).toBeLessThan(33);
    expect(low).toBeGreaterThan(23);
    expect(median(shuffled)).toBeLessThan(15);
  });
});
