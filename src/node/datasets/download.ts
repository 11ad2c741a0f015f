import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetFile, DatasetSpec } from '../../engine/datasets';
import type { DatasetStatus } from '../../shared/contract';
import { DatasetFileError } from './idx';
import { cifarMissingError, cifarSource } from './cifar';
import { cachePath, datasetStatus, downloadableFiles, locateDatasetFile, searchedDirectories, type DatasetDirs } from './locate';

export type FetchImpl = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface DownloadOptions {
  cacheDir: string;
  /** Called at most ~10 times a second, and once more at 100%. Restarts at 0 when a mirror fails. */
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void;
  fetchImpl?: FetchImpl;
  /** Defaults to the spec's mirrors; tests and self-hosted setups point elsewhere. */
  mirrors?: readonly string[];
  signal?: AbortSignal;
}

/** Progress of one file of a dataset; bytes restart at 0 for each file (and each mirror tried). */
export type DatasetProgressListener = (file: string, receivedBytes: number, totalBytes: number | null) => void;

export interface EnsureOptions {
  download: boolean;
  onProgress?: DatasetProgressListener;
  fetchImpl?: FetchImpl;
  mirrors?: readonly string[];
  signal?: AbortSignal;
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * Downloads one file into the cache and returns its final path. Bytes are
 * hashed as they arrive and only a verified file is renamed into place, so the
 * cache never holds a partial or wrong file, even if the process dies mid-way.
 */
export async function downloadDatasetFile(
  spec: DatasetSpec,
  file: DatasetFile,
  opts: DownloadOptions,
): Promise<string> {
  const finalPath = cachePath(spec, file, opts.cacheDir);
  await mkdir(path.dirname(finalPath), { recursive: true });
  const urls = opts.mirrors
    ? opts.mirrors.map((mirror) => `${mirror}${file.name}`)
    : (file.urls ?? spec.mirrors.map((mirror) => `${mirror}${file.name}`));
  if (urls.length === 0) throw new DatasetFileError(file.name, 'no download mirrors are configured');

  const failures: { url: string; error: unknown }[] = [];
  for (const url of urls) {
    try {
      await downloadFrom(url, file, finalPath, opts);
      return finalPath;
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      // A bad mirror (stale, corrupt, down) should not hide a good one, so every failure moves on.
      failures.push({ url, error });
    }
  }
  const only = failures.length === 1 ? failures[0]?.error : undefined;
  if (only instanceof DatasetFileError) throw only;
  const lines = failures.map(({ url, error }) => `  ${url}: ${describe(error)}`);
  throw new DatasetFileError(file.name, `download failed from every mirror:\n${lines.join('\n')}`);
}

/**
 * Makes every file of `spec` available, downloading only the missing ones.
 * Files found in a data dir are not hashed: see locateDatasetFile for why.
 */
export async function ensureDataset(
  spec: DatasetSpec,
  dirs: DatasetDirs,
  opts: EnsureOptions,
): Promise<DatasetStatus> {
  if (spec.kind === 'image' && spec.format === 'cifar-binary') {
    // Any source per split will do (see cifarSource); only the archive is ever fetched.
    const unready = (['train', 'test'] as const).find((split) => cifarSource(spec, split, dirs) === null);
    if (unready === undefined) return datasetStatus(spec, dirs);
    if (!opts.download) throw cifarMissingError(spec, unready, dirs);
  }
  const missing = downloadableFiles(spec).filter((f) => locateDatasetFile(spec, f, dirs) === null);
  if (missing.length > 0 && !opts.download) throw missingFileError(spec, missing[0]!, dirs);
  for (const file of missing) {
    const onProgress = opts.onProgress;
    await downloadDatasetFile(spec, file, {
      cacheDir: dirs.cacheDir,
      fetchImpl: opts.fetchImpl,
      mirrors: opts.mirrors,
      signal: opts.signal,
      onProgress: onProgress ? (received, total) => onProgress(file.name, received, total) : undefined,
    });
  }
  return datasetStatus(spec, dirs);
}

export function missingFileError(spec: DatasetSpec, file: DatasetFile, dirs: DatasetDirs): DatasetFileError {
  const searched = [...new Set(searchedDirectories(spec, file, dirs))].map((d) => `  ${d}`).join('\n');
  return new DatasetFileError(
    file.name,
    `missing (${spec.title}). Searched:\n${searched}\n` +
      `Download it from the app, or put the file in a data directory (Settings, or LAYERLAB_DATA_DIR).`,
  );
}

async function downloadFrom(url: string, file: DatasetFile, finalPath: string, opts: DownloadOptions): Promise<void> {
  const algorithm = file.sha256 ? 'sha256' : file.md5 ? 'md5' : null;
  const expectedDigest = file.sha256 ?? file.md5;
  if (!algorithm || !expectedDigest) {
    // The catalog promises a digest for every file; refusing beats trusting unverified bytes.
    throw new DatasetFileError(file.name, 'the dataset catalog has no checksum for this file');
  }
  const fetchImpl: FetchImpl = opts.fetchImpl ?? ((u, init) => fetch(u, init));
  const res = await fetchImpl(url, { signal: opts.signal });
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  }
  const header = res.headers.get('content-length');
  const declared = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  if (declared !== null && declared !== file.bytes) {
    await res.body.cancel().catch(() => undefined);
    throw new Error(`server offers ${declared} bytes, expected ${file.bytes}`);
  }
  const total = declared ?? file.bytes;

  const tmpPath = `${finalPath}.part-${randomBytes(6).toString('hex')}`;
  const reader = res.body.getReader();
  const hash = createHash(algorithm);
  let fh: FileHandle | null = await open(tmpPath, 'wx');
  let received = 0;
  let lastReport = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      // Stop early rather than fill the disk from a server that never ends.
      if (received > file.bytes) throw new Error(`server sent more than the expected ${file.bytes} bytes`);
      hash.update(value);
      await fh.write(value);
      const now = Date.now();
      if (opts.onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        opts.onProgress(received, total);
      }
    }
    if (received !== file.bytes) {
      throw new Error(`size mismatch: received ${received} bytes, expected ${file.bytes}`);
    }
    const actual = hash.digest('hex');
    if (actual !== expectedDigest.toLowerCase()) {
      throw new DatasetFileError(
        file.name,
        `checksum mismatch for ${url}: expected ${algorithm} ${expectedDigest}, got ${actual}`,
      );
    }
    await fh.sync();
    await fh.close();
    fh = null;
    await rename(tmpPath, finalPath);
    await syncDirectory(path.dirname(finalPath));
    opts.onProgress?.(received, total);
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    await fh?.close().catch(() => undefined);
    await unlink(tmpPath).catch(() => undefined);
    throw err;
  }
}

/** Makes the rename itself durable on POSIX; Windows cannot open directories, and does not need to. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

function describe(error: unknown): string {
  if (error instanceof DatasetFileError) return error.problem;
  if (!(error instanceof Error)) return String(error);
  // fetch reports network failures as a bare "fetch failed"; the useful part is the cause.
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ` (${(cause as NodeJS.ErrnoException).code ?? cause.message})` : '';
  return `${error.message}${detail}`;
}
