import { readFile, stat } from 'node:fs/promises';
import type { CifarImageDatasetSpec, DatasetFile, DatasetSplit, IdxImageDatasetSpec, ImageDatasetSpec } from '../../engine/datasets';
import { cifarMissingError, cifarSource, readCifarSplit } from './cifar';
import { ensureDataset, missingFileError, type EnsureOptions } from './download';
import { DatasetFileError, parseIdx } from './idx';
import { locateDatasetFile, type DatasetDirs } from './locate';

export interface ImageDataset {
  /** `count * rows * cols * channels` pixels, sample-major. Shared with the load cache: do not write to it. */
  images: Uint8Array;
  /** One class index per sample. Shared with the load cache: do not write to it. */
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  channels: number;
}

export interface LoadOptions extends Partial<Omit<EnsureOptions, 'download'>> {
  /** Only the first `limit` samples; the whole split is still parsed (and cached) once. */
  limit?: number;
  /** Fetch missing files into the cache; when false a missing file is an error. Default false. */
  download?: boolean;
}

// Gunzipping the 60k training images takes a noticeable fraction of a second and
// ~47 MB, and every training run and preview asks for the same split again.
// The key includes size and mtime so a file replaced on disk is read afresh.
const cache = new Map<string, Promise<ImageDataset>>();

export async function loadImageDataset(
  spec: ImageDatasetSpec,
  split: DatasetSplit,
  dirs: DatasetDirs,
  opts: LoadOptions = {},
): Promise<ImageDataset> {
  const { limit } = opts;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
  if (opts.download) await ensureDataset(spec, dirs, { ...opts, download: true });
  const { key, read } = spec.format === 'cifar-binary' ? await cifarReader(spec, split, dirs) : await idxReader(spec, split, dirs);
  let pending = cache.get(key);
  if (!pending) {
    pending = read();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  const full = await pending;
  if (limit === undefined || limit >= full.count) return full;
  const sampleBytes = full.rows * full.cols * full.channels;
  return {
    ...full,
    count: limit,
    images: full.images.subarray(0, limit * sampleBytes),
    labels: full.labels.subarray(0, limit),
  };
}

/** Drops every parsed split, e.g. after the user changes data directories. */
export function clearDatasetCache(): void {
  cache.clear();
}

interface SplitReader {
  key: string;
  read: () => Promise<ImageDataset>;
}

async function idxReader(spec: IdxImageDatasetSpec, split: DatasetSplit, dirs: DatasetDirs): Promise<SplitReader> {
  const imagesPath = resolve(spec, spec.files[`${split}Images`], dirs);
  const labelsPath = resolve(spec, spec.files[`${split}Labels`], dirs);
  return { key: await cacheKey(imagesPath, labelsPath), read: () => readSplit(spec, imagesPath, labelsPath) };
}

/** The split name is part of the key: one archive serves both splits. */
async function cifarReader(spec: CifarImageDatasetSpec, split: DatasetSplit, dirs: DatasetDirs): Promise<SplitReader> {
  const source = cifarSource(spec, split, dirs);
  if (!source) throw cifarMissingError(spec, split, dirs);
  const paths = source.kind === 'batches' ? source.files.map((f) => f.located.path) : [source.located.path];
  const [rows, cols, channels] = spec.imageShape;
  return {
    key: `${spec.id} ${split}\n${await cacheKey(...paths)}`,
    read: async () => ({ ...(await readCifarSplit(spec, split, source)), rows, cols, channels }),
  };
}

function resolve(spec: IdxImageDatasetSpec, file: DatasetFile, dirs: DatasetDirs): string {
  const located = locateDatasetFile(spec, file, dirs);
  if (!located) throw missingFileError(spec, file, dirs);
  return located.path;
}

async function cacheKey(...paths: string[]): Promise<string> {
  const parts = await Promise.all(
    paths.map(async (p) => {
      const st = await stat(p);
      return `${p}|${st.size}|${st.mtimeMs}`;
    }),
  );
  return parts.join('\n');
}

async function readSplit(spec: IdxImageDatasetSpec, imagesPath: string, labelsPath: string): Promise<ImageDataset> {
  const [imagesGz, labelsGz] = await Promise.all([readFile(imagesPath), readFile(labelsPath)]);
  const images = parseIdx(imagesGz, imagesPath);
  const labels = parseIdx(labelsGz, labelsPath);
  const [rows, cols, channels] = spec.imageShape;

  // Grayscale IDX files have no channel axis; a trailing axis of 1 means the same.
  const shapeOk =
    (images.dims.length === 3 && channels === 1) || (images.dims.length === 4 && images.dims[3] === channels);
  if (!shapeOk || images.dims[1] !== rows || images.dims[2] !== cols) {
    throw new DatasetFileError(
      imagesPath,
      `expected ${rows}×${cols}×${channels} images for ${spec.title}, found dims [${images.dims.join(', ')}]`,
    );
  }
  const count = images.dims[0] ?? 0;
  if (labels.dims.length !== 1) {
    throw new DatasetFileError(labelsPath, `expected a 1-D label file, found dims [${labels.dims.join(', ')}]`);
  }
  if (labels.dims[0] !== count) {
    throw new DatasetFileError(labelsPath, `has ${labels.dims[0]} labels but ${imagesPath} has ${count} images`);
  }
  const classes = spec.classNames.length;
  const bad = labels.data.findIndex((l) => l >= classes);
  if (bad >= 0) {
    throw new DatasetFileError(
      labelsPath,
      `label ${labels.data[bad]} at index ${bad} is out of range for ${classes} classes`,
    );
  }
  return { images: images.data, labels: labels.data, count, rows, cols, channels };
}
