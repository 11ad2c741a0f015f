import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CifarImageDatasetSpec, DatasetFile, DatasetSplit } from '../../engine/datasets';
import type { DatasetStatus } from '../../shared/contract';
import { readTar, TarFormatError } from '../textData/tar';
import { DatasetFileError } from './idx';
import { locateDatasetFile, searchedDirectories, type DatasetDirs, type LocatedFile } from './locate';

/** Pixels in the app's layout (HWC, sample-major) and one class per sample. */
export interface CifarRecords {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** Where one split is read from: extracted batch files, or the official archive. */
export type CifarSource =
  | { kind: 'batches'; files: { file: DatasetFile; located: LocatedFile }[] }
  | { kind: 'archive'; located: LocatedFile };

// The official archive unpacks to ~184 MB; this only stops a hostile or broken
// file from inflating until the process runs out of memory.
const MAX_UNPACKED_BYTES = 1 << 30;

function recordBytes(spec: CifarImageDatasetSpec): number {
  const [rows, cols, channels] = spec.imageShape;
  return 1 + rows * cols * channels;
}

/**
 * One batch file: records of a label byte and then the image as channel
 * planes (all R, all G, all B, each row-major), turned into HWC pixels.
 */
export function parseCifarBatch(spec: CifarImageDatasetSpec, bytes: Uint8Array, fileLabel: string): CifarRecords {
  const [rows, cols, channels] = spec.imageShape;
  const record = recordBytes(spec);
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new DatasetFileError(
      fileLabel,
      `${bytes.length} bytes is not a whole number of ${record}-byte CIFAR records (truncated or not a CIFAR batch file)`,
    );
  }
  const count = bytes.length / record;
  const plane = rows * cols;
  const images = new Uint8Array(count * plane * channels);
  const labels = new Uint8Array(count);
  const classes = spec.classNames.length;
  for (let n = 0; n < count; n++) {
    const at = n * record;
    const label = bytes[at]!;
    if (label >= classes) {
      throw new DatasetFileError(fileLabel, `record ${n} (byte ${at}) has label ${label}, out of range for ${classes} classes`);
    }
    labels[n] = label;
    const out = n * plane * channels;
    for (let c = 0; c < channels; c++) {
      const from = at + 1 + c * plane;
      for (let p = 0; p < plane; p++) images[out + p * channels + c] = bytes[from + p]!;
    }
  }
  return { images, labels, count };
}

function concat(parts: readonly CifarRecords[]): CifarRecords {
  if (parts.length === 1) return parts[0]!;
  const count = parts.reduce((n, p) => n + p.count, 0);
  const images = new Uint8Array(parts.reduce((n, p) => n + p.images.length, 0));
  const labels = new Uint8Array(count);
  let i = 0;
  let l = 0;
  for (const p of parts) {
    images.set(p.images, i);
    labels.set(p.labels, l);
    i += p.images.length;
    l += p.count;
  }
  return { images, labels, count };
}

function splitFiles(spec: CifarImageDatasetSpec, split: DatasetSplit): readonly DatasetFile[] {
  return split === 'train' ? spec.files.train : [spec.files.test];
}

/**
 * Extracted batch files win over the archive, so a data dir can hold a subset
 * (say the first training batch only) for a quick run. Training reads every
 * batch that is present; the test split needs its one batch.
 */
export function cifarSource(spec: CifarImageDatasetSpec, split: DatasetSplit, dirs: DatasetDirs): CifarSource | null {
  const files = splitFiles(spec, split).flatMap((file) => {
    const located = locateDatasetFile(spec, file, dirs);
    return located ? [{ file, located }] : [];
  });
  if (files.length > 0) return { kind: 'batches', files };
  const archive = locateDatasetFile(spec, spec.files.archive, dirs);
  return archive ? { kind: 'archive', located: archive } : null;
}

/** Names the batch file(s) the split needs, the archive, and every directory searched. */
export function cifarMissingError(spec: CifarImageDatasetSpec, split: DatasetSplit, dirs: DatasetDirs): DatasetFileError {
  const files = splitFiles(spec, split);
  const first = files[0]!;
  const searched = [...new Set([...searchedDirectories(spec, first, dirs), ...searchedDirectories(spec, spec.files.archive, dirs)])];
  const needed =
    files.length === 1
      ? `neither ${first.name} nor the archive ${spec.files.archive.name} was found`
      : `none of the ${files.length} training batches (${files.map((f) => f.name).join(', ')}) nor the archive ${spec.files.archive.name} was found`;
  return new DatasetFileError(
    first.name,
    `missing (${spec.title}, ${split} split): ${needed}. Searched:\n${searched.map((d) => `  ${d}`).join('\n')}\n` +
      `Download it from the app, or put the files in a data directory (Settings, or LAYERLAB_DATA_DIR).`,
  );
}

/** Reads one split from wherever `cifarSource` found it. */
export async function readCifarSplit(spec: CifarImageDatasetSpec, split: DatasetSplit, source: CifarSource): Promise<CifarRecords> {
  if (source.kind === 'batches') {
    const found = source.files.length;
    const total = splitFiles(spec, split).length;
    const parts = await Promise.all(
      source.files.map(async ({ located }) => {
        try {
          return parseCifarBatch(spec, await readFile(located.path), located.path);
        } catch (err) {
          if (!(err instanceof DatasetFileError) || total === 1) throw err;
          // Which batches are in play matters when only some of them were found.
          throw new DatasetFileError(err.file, `${err.problem} (one of the ${found} of ${total} training batches found)`, { cause: err });
        }
      }),
    );
    return concat(parts);
  }
  const archivePath = source.located.path;
  const members = readArchiveMembers(spec, await readFile(archivePath), archivePath, splitFiles(spec, split));
  return concat(members.map(({ name, data }) => parseCifarBatch(spec, data, `${archivePath}: ${name}`)));
}

/** The named batch files out of the gzipped tar, in the order asked for. */
function readArchiveMembers(
  spec: CifarImageDatasetSpec,
  gz: Uint8Array,
  archivePath: string,
  files: readonly DatasetFile[],
): { name: string; data: Uint8Array }[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new DatasetFileError(archivePath, `corrupt or truncated gzip data (${why})`, { cause: err });
  }
  const wanted = new Map(files.map((f) => [path.posix.join(spec.archiveFolder, f.name), f.name]));
  const found = new Map<string, Uint8Array>();
  try {
    for (const entry of readTar(tar)) {
      const name = wanted.get(entry.name.replace(/^\.\//, ''));
      if (entry.type === 'file' && name) found.set(name, entry.data);
    }
  } catch (err) {
    if (!(err instanceof TarFormatError)) throw err;
    throw new DatasetFileError(archivePath, `not a valid tar archive inside the gzip (${err.message})`, { cause: err });
  }
  return files.map((f) => {
    const data = found.get(f.name);
    if (!data) throw new DatasetFileError(archivePath, `has no ${spec.archiveFolder}/${f.name}`);
    return { name: f.name, data };
  });
}

/**
 * Ready when each split has a source. Lists the batch files each split would
 * read (so the count of training batches shows), the archive when a split
 * reads from it, and what is missing otherwise.
 */
export function cifarStatus(spec: CifarImageDatasetSpec, dirs: DatasetDirs): DatasetStatus {
  const files: DatasetStatus['files'] = [];
  const add = (entry: DatasetStatus['files'][number]) => {
    if (!files.some((f) => f.name === entry.name)) files.push(entry);
  };
  let ready = true;
  for (const split of ['train', 'test'] as const) {
    const source = cifarSource(spec, split, dirs);
    if (source?.kind === 'batches') {
      for (const { file, located } of source.files) add({ name: file.name, path: located.path, source: located.source });
    } else if (source?.kind === 'archive') {
      add({ name: spec.files.archive.name, path: source.located.path, source: source.located.source });
    } else {
      ready = false;
      add({ name: splitFiles(spec, split)[0]!.name, path: null, source: 'missing' });
    }
  }
  if (!ready) add({ name: spec.files.archive.name, path: null, source: 'missing' });
  return { id: spec.id, ready, files };
}
