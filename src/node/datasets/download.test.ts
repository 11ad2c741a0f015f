import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mnistDir, sharedFile } from '../../../test/dataDirs';
import { MNIST } from '../../engine/datasets';
import { ALICE_NEXT_WORD, JA_EN_TRANSLATION } from '../../engine/textDatasets';
import { downloadDatasetFile, ensureDataset } from './download';
import { DatasetFileError } from './idx';
import { cachePath } from './locate';

/**
 * A real HTTP server on loopback, serving the real MNIST files from the shared
 * folder in several chunks, so the download path runs exactly as it would
 * against a mirror:
 *   /good/<name>     the file, with Content-Length, in 8 chunks 25 ms apart
 *   /missing/<name>  404
 *   /corrupt/<name>  the right length, one byte flipped
 *   /cut/<name>      Content-Length of the whole file, then half of it and a reset
 */
let server: http.Server;
let base: string;
const requests: string[] = [];

function startServer(): Promise<void> {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const [, mode, name] = (req.url ?? '').split('/');
    const allowed = Object.values(MNIST.files).map((f) => f.name);
    if (mode === 'missing' || !name || !allowed.includes(name)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const bytes = Buffer.from(readFileSync(path.join(mnistDir(), name)));
    if (mode === 'corrupt') bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length });
    if (mode === 'cut') {
      res.write(bytes.subarray(0, bytes.length >> 1), () => res.destroy());
      return;
    }
    const chunks = 8;
    const size = Math.ceil(bytes.length / chunks);
    let i = 0;
    const next = () => {
      if (res.destroyed) return;
      if (i >= chunks) return void res.end();
      res.write(bytes.subarray(i * size, (i + 1) * size));
      i++;
      setTimeout(next, 25);
    };
    next();
  });
  // Bounded: nothing here should ever take seconds.
  server.requestTimeout = 10_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

beforeAll(async () => {
  await startServer();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let root: string;
let cacheDir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'layerlab-download-'));
  cacheDir = path.join(root, 'cache');
  requests.length = 0;
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const cacheFolder = () => path.join(cacheDir, 'datasets', MNIST.folder);
const partFiles = () => (existsSync(cacheFolder()) ? readdirSync(cacheFolder()).filter((n) => n.includes('.part-')) : []);

describe('downloadDatasetFile', () => {
  it('streams a file into the cache, verifies it, and reports throttled, monotonic progress', async () => {
    const file = MNIST.files.testImages;
    const progress: [number, number | null][] = [];
    const started = Date.now();
    const saved = await downloadDatasetFile(MNIST, file, {
      cacheDir,
      mirrors: [`${base}/good/`],
      onProgress: (received, total) => progress.push([received, total]),
    });
    const elapsed = Date.now() - started;

    expect(saved).toBe(cachePath(MNIST, file, cacheDir));
    expect(sha256(saved)).toBe(file.sha256);
    expect(readdirSync(cacheFolder())).toEqual([file.name]);
    expect(progress.at(-1)).toEqual([file.bytes, file.bytes]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    expect(progress.every(([, total]) => total === file.bytes)).toBe(true);
    // 8 chunks over ~175 ms: more than the final report, but no more than ~10 a second.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
  });

  it('falls back to the next mirror when the first answers 404', async () => {
    const file = MNIST.files.testLabels;
    const saved = await downloadDatasetFile(MNIST, file, { cacheDir, mirrors: [`${base}/missing/`, `${base}/good/`] });
    expect(requests).toEqual([`/missing/${file.name}`, `/good/${file.name}`]);
    expect(sha256(saved)).toBe(file.sha256);
  });

  it('rejects corrupted bytes by checksum and leaves the cache empty', async () => {
    const file = MNIST.files.testLabels;
    const attempt = downloadDatasetFile(MNIST, file, { cacheDir, mirrors: [`${base}/corrupt/`] });
    const err = await attempt.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetFileError);
    const message = (err as Error).message;
    expect(message).toContain(file.name);
    expect(message).toContain('checksum');
    expect(message).toContain(`${base}/corrupt/${file.name}`);
    expect(message).toContain(file.sha256);
    expect(readdirSync(cacheFolder())).toEqual([]);
  });

  it('lists every mirror that failed, and why', async () => {
    const file = MNIST.files.testLabels;
    const err = await downloadDatasetFile(MNIST, file, {
      cacheDir,
      mirrors: [`${base}/missing/`, `${base}/corrupt/`, `${base}/cut/`],
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(DatasetFileError);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^${file.name.replace(/\./g, '\\.')}: download failed from every mirror`));
    expect(message).toContain(`${base}/missing/${file.name}: HTTP 404`);
    expect(message).toContain(`${base}/corrupt/${file.name}: checksum mismatch`);
    expect(message).toContain(`${base}/cut/${file.name}: `);
    expect(readdirSync(cacheFolder())).toEqual([]);
  });

  it('cleans up after a connection that drops mid-file', async () => {
    const file = MNIST.files.testImages;
    await expect(downloadDatasetFile(MNIST, file, { cacheDir, mirrors: [`${base}/cut/`] })).rejects.toThrow(
      file.name,
    );
    expect(partFiles()).toEqual([]);
    expect(existsSync(cachePath(MNIST, file, cacheDir))).toBe(false);
  });

  it('refuses a server that offers the wrong length before writing anything', async () => {
    // The labels route serves 4,542 bytes; claim that file is the 28,881-byte train labels.
    const wrong = { ...MNIST.files.trainLabels, name: MNIST.files.testLabels.name };
    await expect(downloadDatasetFile(MNIST, wrong, { cacheDir, mirrors: [`${base}/good/`] })).rejects.toThrow(
      /offers 4542 bytes, expected 28881/,
    );
    expect(readdirSync(cacheFolder())).toEqual([]);
  });
});

describe('ensureDataset', () => {
  it('downloads only the files no data dir or cache has, naming each in progress', async () => {
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir);
    for (const f of [MNIST.files.trainImages, MNIST.files.trainLabels, MNIST.files.testImages]) {
      symlinkSync(path.join(mnistDir(), f.name), path.join(dataDir, f.name));
    }
    const seen = new Set<string>();
    const status = await ensureDataset(MNIST, { dataDirs: [dataDir], cacheDir }, {
      download: true,
      mirrors: [`${base}/good/`],
      onProgress: (name) => seen.add(name),
    });
    expect(requests).toEqual([`/good/${MNIST.files.testLabels.name}`]);
    expect([...seen]).toEqual([MNIST.files.testLabels.name]);
    expect(status.ready).toBe(true);
    const labels = status.files.find((f) => f.name === MNIST.files.testLabels.name);
    expect(labels).toEqual({
      name: MNIST.files.testLabels.name,
      path: cachePath(MNIST, MNIST.files.testLabels, cacheDir),
      source: 'cache',
    });
  });

  it('downloads nothing when the data dir has everything', async () => {
    const status = await ensureDataset(MNIST, { dataDirs: [mnistDir()], cacheDir }, {
      download: true,
      mirrors: [`${base}/good/`],
    });
    expect(status.ready).toBe(true);
    expect(requests).toEqual([]);
  });

  it('with download off, names the first missing file instead of fetching', async () => {
    const err = await ensureDataset(MNIST, { dataDirs: [root], cacheDir }, { download: false }).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(DatasetFileError);
    expect(err.message).toMatch(/^train-images-idx3-ubyte\.gz: missing/);
    expect(requests).toEqual([]);
  });
});

describe('text datasets', () => {
  /** Serves the shared copy of whatever file a catalog URL names, and records the URL asked for. */
  function fetchFromShared(seen: string[], corrupt = false) {
    return async (url: string) => {
      seen.push(url);
      const file = { '11-0.txt': 'alice/11-0.txt', 'jpn.txt': 'ja-en/jpn.txt' }[path.basename(url)];
      if (!file) return new Response('not found', { status: 404 });
      const bytes = Buffer.from(readFileSync(sharedFile(file)));
      if (corrupt) bytes[100] = bytes[100]! ^ 0x01;
      return new Response(bytes, { headers: { 'content-length': String(bytes.length) } });
    };
  }

  it.each([ALICE_NEXT_WORD, JA_EN_TRANSLATION])(
    '$id downloads from its pinned URL and matches the catalogue digest',
    async (spec) => {
      const seen: string[] = [];
      const status = await ensureDataset(spec, { dataDirs: [], cacheDir }, { download: true, fetchImpl: fetchFromShared(seen) });
      expect(seen).toEqual([spec.files[0]!.urls![0]]);
      expect(seen[0]).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
      expect(status.ready).toBe(true);
      const cached = status.files[0]!.path!;
      expect(cached).toBe(cachePath(spec, spec.files[0]!, cacheDir));
      expect(sha256(cached)).toBe(spec.files[0]!.sha256);
    },
  );

  it('refuses a corrupted corpus and leaves the cache without it', async () => {
    const err = await ensureDataset(ALICE_NEXT_WORD, { dataDirs: [], cacheDir }, { download: true, fetchImpl: fetchFromShared([], true) }).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(DatasetFileError);
    expect(err.message).toMatch(/^11-0\.txt: /);
    expect(existsSync(cachePath(ALICE_NEXT_WORD, ALICE_NEXT_WORD.files[0]!, cacheDir))).toBe(false);
  });
});
