import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  checkDeclaredSize,
  entryDataOffset,
  inflateEntry,
  MAX_JSON_BYTES,
  parseDocument,
  PROJECT_ENTRY,
  readZipDirectory,
  RUN_ID_PATTERN,
  ZipError,
  ProjectFileError,
} from '../engine/project/container';
import { ApiError } from '../shared/contract';
import { isAtomicTempFile } from './atomicWrite';
import { openRegularFile, readExactly } from './safeRead';
import { WeightsStore } from './weightsStore';

/** Temp files of writeFileAtomic older than this belong to a save that was killed. */
export const STALE_TEMP_MS = 10 * 60 * 1000;
/** Weights younger than this are never collected (a window may not have autosaved them yet). */
export const WEIGHTS_GRACE_MS = 24 * 60 * 60 * 1000;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/**
 * Removes writeFileAtomic's temp files (`.<name>.<12 hex>.tmp`, regular files
 * only, never links or folders) older than `olderThanMs` directly in each of
 * `dirs`: what a save killed between creating and renaming its temp file left
 * behind. Younger ones may belong to a save in progress and are kept.
 * Returns the removed paths; a folder that cannot be listed is skipped.
 */
export async function sweepTempFiles(
  dirs: readonly string[],
  options: { olderThanMs?: number; now?: number } = {},
): Promise<string[]> {
  const olderThan = options.olderThanMs ?? STALE_TEMP_MS;
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  for (const dir of new Set(dirs.map((d) => path.resolve(d)))) {
    let names: string[];
    try {
      names = await listDir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isAtomicTempFile(name)) continue;
      const full = path.join(dir, name);
      try {
        const info = await lstat(full);
        if (!info.isFile() || now - info.mtimeMs < olderThan) continue;
        await unlink(full);
        removed.push(full);
      } catch {
        // Vanished (its save finished) or not ours to remove.
      }
    }
  }
  return removed;
}

/**
 * The project document inside a project file (a `.layerlab` archive or a bare
 * JSON document such as a recovery file), read without loading the whole
 * archive: only its central directory and project.json are read, with the
 * same limits as opening. null when the file is not a project.
 */
export async function readProjectDocument(file: string): Promise<unknown> {
  const { handle, size } = await openRegularFile(file);
  try {
    if (size === 0) return null;
    const head = await readExactly(handle, file, 0, Math.min(size, 4));
    let bytes: Uint8Array;
    if (head[0] === 0x50 && head[1] === 0x4b) {
      let entries;
      let tailLength = Math.min(size, 1024 * 1024);
      for (;;) {
        try {
          entries = readZipDirectory(await readExactly(handle, file, size - tailLength, tailLength), size);
          break;
        } catch (err) {
          if (!(err instanceof ZipError) || tailLength === size || tailLength >= 64 * 1024 * 1024) throw err;
          tailLength = Math.min(size, 64 * 1024 * 1024);
        }
      }
      const entry = entries.find((e) => e.name === PROJECT_ENTRY);
      if (!entry) return null;
      checkDeclaredSize(entry, MAX_JSON_BYTES);
      const start = entryDataOffset(entry, await readExactly(handle, file, entry.localHeaderOffset, Math.min(30, size - entry.localHeaderOffset)));
      if (start + entry.compressedSize > size) throw new ZipError(`entry ${entry.name} runs past the end of the file`);
      bytes = inflateEntry(entry, await readExactly(handle, file, start, entry.compressedSize));
    } else {
      if (size > MAX_JSON_BYTES) return null;
      bytes = await readExactly(handle, file, 0, size);
    }
    return parseDocument(bytes, PROJECT_ENTRY, file);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Every string in a parsed JSON document (run ids are among them, wherever the schema keeps them). */
function collectStrings(doc: unknown, into: Set<string>): void {
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') into.add(value);
    else if (Array.isArray(value)) stack.push(...(value as unknown[]));
    else if (value && typeof value === 'object') stack.push(...Object.values(value as Record<string, unknown>));
  }
}

export interface WeightsGcOptions {
  weightsDir: string;
  /** Folders whose `*.layerlab` and `*.json` files are read for run ids (projects folder, recovery folder). */
  projectDirs: readonly string[];
  /** Single project files read for run ids (the recent-projects list). */
  projectFiles?: readonly string[];
  /** Run ids in memory now (the training run, open playgrounds): never collected. */
  inUse?: Iterable<string>;
  graceMs?: number;
  now?: number;
}

export interface WeightsGcResult {
  /** Run ids whose weights were deleted. */
  collected: string[];
  /** Run ids kept because a project refers to them, they are in use, or too young. */
  kept: string[];
  /** Set when nothing was collected because a project file could not be read (so it might have referred to any run). */
  skipped: string | null;
}

/**
 * Deletes weights from the store that nothing refers to. Conservative: a run's
 * weights are collected only when both of its files are older than the grace
 * period, no project document found (the `.layerlab` and `.json` files
 * directly in `projectDirs`, and `projectFiles`) contains its id anywhere, and
 * it is not in `inUse`. A file that is not a project (damaged, not LayerLab's)
 * refers to nothing; but one that cannot be read at all (permissions, I/O
 * error) stops the collection, since it might refer to anything.
 */
export async function collectUnusedWeights(options: WeightsGcOptions): Promise<WeightsGcResult> {
  const grace = options.graceMs ?? WEIGHTS_GRACE_MS;
  const now = options.now ?? Date.now();
  const result: WeightsGcResult = { collected: [], kept: [], skipped: null };

  // Candidates first: with none, no project needs reading.
  const newest = new Map<string, number>();
  for (const name of await listDir(options.weightsDir)) {
    const m = /^(.+)\.(json|bin)$/.exec(name);
    if (!m || !RUN_ID_PATTERN.test(m[1]!)) continue;
    let mtime: number;
    try {
      const info = await lstat(path.join(options.weightsDir, name));
      if (!info.isFile()) continue;
      mtime = info.mtimeMs;
    } catch {
      continue;
    }
    newest.set(m[1]!, Math.max(newest.get(m[1]!) ?? 0, mtime));
  }
  const inUse = new Set(options.inUse ?? []);
  const candidates: string[] = [];
  for (const [id, mtime] of newest) {
    if (inUse.has(id) || now - mtime < grace) result.kept.push(id);
    else candidates.push(id);
  }
  if (candidates.length === 0) return result;

  const files = new Set((options.projectFiles ?? []).map((f) => path.resolve(f)));
  for (const dir of options.projectDirs) {
    for (const name of await listDir(dir).catch(() => [] as string[])) {
      if (/\.(layerlab|json)$/i.test(name) && !isAtomicTempFile(name)) files.add(path.resolve(dir, name));
    }
  }
  const referenced = new Set<string>();
  for (const file of files) {
    try {
      collectStrings(await readProjectDocument(file), referenced);
    } catch (err) {
      const notAProject =
        err instanceof ZipError ||
        err instanceof ProjectFileError ||
        (err instanceof ApiError && (err.code === 'not-found' || err.code === 'invalid-file') && !/EACCES|EPERM|EIO/.test(err.message));
      if (!notAProject) {
        result.skipped = `${file} could not be read (${reason(err)}); no weights were collected`;
        result.kept.push(...candidates);
        return result;
      }
    }
  }

  const store = new WeightsStore(options.weightsDir);
  for (const id of candidates) {
    if (referenced.has(id)) {
      result.kept.push(id);
      continue;
    }
    await store.delete(id);
    result.collected.push(id);
  }
  return result;
}

export interface StartupHousekeeping {
  /** Folders where saves happen: stale temp files are swept here. */
  tempDirs: readonly string[];
  gc: WeightsGcOptions;
}

/**
 * What the backend runs once at start, in the background: the temp sweep,
 * then the weights collection. Never throws; returns what it did.
 */
export interface HousekeepingReport {
  sweptTemp: string[];
  weights: WeightsGcResult | null;
  error: string | null;
}

export async function runStartupHousekeeping(options: StartupHousekeeping): Promise<HousekeepingReport> {
  let sweptTemp: string[] = [];
  try {
    sweptTemp = await sweepTempFiles([...options.tempDirs, options.gc.weightsDir]);
    const weights = await collectUnusedWeights(options.gc);
    return { sweptTemp, weights, error: null };
  } catch (err) {
    return { sweptTemp, weights: null, error: reason(err) };
  }
}

/** One line for the host's log, or null when there was nothing to do. */
export function describeHousekeeping(report: HousekeepingReport): string | null {
  const parts: string[] = [];
  if (report.sweptTemp.length > 0) parts.push(`removed ${report.sweptTemp.length} temp file(s) left by interrupted saves`);
  if (report.weights && report.weights.collected.length > 0) {
    parts.push(`deleted the stored weights of ${report.weights.collected.length} run(s) that no project refers to`);
  }
  if (report.weights?.skipped) parts.push(`kept all stored weights: ${report.weights.skipped}`);
  if (report.error) parts.push(`housekeeping stopped: ${report.error}`);
  return parts.length > 0 ? `Storage: ${parts.join('; ')}` : null;
}
