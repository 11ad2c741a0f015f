import { statSync } from 'node:fs';
import path from 'node:path';
import type { DatasetFile, DatasetSpec } from '../../engine/datasets';
import type { DatasetStatus } from '../../shared/contract';
import { cifarStatus } from './cifar';

/** Where dataset files are looked for: user data directories first, then the download cache. */
export interface DatasetDirs {
  dataDirs: readonly string[];
  cacheDir: string;
}

export type DatasetFileSource = 'data-dir' | 'cache';

export interface LocatedFile {
  path: string;
  source: DatasetFileSource;
}

/** Where a download of `file` lands, and where the cache is searched. */
export function cachePath(spec: DatasetSpec, file: DatasetFile, cacheDir: string): string {
  return path.join(cacheDir, 'datasets', spec.folder, file.name);
}

/**
 * Every place `file` may be, in search order. A data directory may hold the
 * files directly (someone pointed it at an unpacked MNIST folder) or one folder
 * per dataset (a shared datasets root), so both forms are accepted.
 */
export function candidatePaths(spec: DatasetSpec, file: DatasetFile, dirs: DatasetDirs): LocatedFile[] {
  const found: LocatedFile[] = [];
  const names = [file.name, ...(file.aliases ?? [])];
  for (const dir of dirs.dataDirs) {
    for (const name of names) {
      found.push({ path: path.join(dir, name), source: 'data-dir' });
      found.push({ path: path.join(dir, spec.folder, name), source: 'data-dir' });
    }
  }
  found.push({ path: cachePath(spec, file, dirs.cacheDir), source: 'cache' });
  return found;
}

/** The directories a missing-file error should name, in search order. */
export function searchedDirectories(spec: DatasetSpec, file: DatasetFile, dirs: DatasetDirs): string[] {
  return candidatePaths(spec, file, dirs).map((c) => path.dirname(c.path));
}

/**
 * Data-directory files are taken as they are: they may be legitimately
 * re-compressed copies (Debian's Fashion-MNIST is) whose size and digests differ
 * from the catalog's, and gzip's own CRC catches corruption when they are parsed.
 * A cache file was hash-checked before it was renamed into place, so a wrong size
 * there means something else damaged it; it then counts as missing and the next
 * download replaces it.
 */
export function locateDatasetFile(
  spec: DatasetSpec,
  file: DatasetFile,
  dirs: DatasetDirs,
): LocatedFile | null {
  for (const candidate of candidatePaths(spec, file, dirs)) {
    const size = fileSize(candidate.path);
    if (size === null) continue;
    if (candidate.source === 'cache' && size !== file.bytes) continue;
    return candidate;
  }
  return null;
}

/** The files a download fetches: every file, except for CIFAR, whose batches come in one archive. */
export function downloadableFiles(spec: DatasetSpec): readonly DatasetFile[] {
  if (spec.kind === 'text') return spec.files;
  return spec.format === 'cifar-binary' ? [spec.files.archive] : Object.values(spec.files);
}

export function datasetStatus(spec: DatasetSpec, dirs: DatasetDirs): DatasetStatus {
  if (spec.kind === 'image' && spec.format === 'cifar-binary') return cifarStatus(spec, dirs);
  const files = downloadableFiles(spec).map((file) => {
    const located = locateDatasetFile(spec, file, dirs);
    return located
      ? { name: file.name, path: located.path, source: located.source }
      : { name: file.name, path: null, source: 'missing' as const };
  });
  return { id: spec.id, ready: files.every((f) => f.source !== 'missing'), files };
}

function fileSize(p: string): number | null {
  try {
    const st = statSync(p);
    return st.isFile() ? st.size : null;
  } catch {
    // Unreadable counts as absent: a data dir on an unplugged drive should not stop the search.
    return null;
  }
}
