import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { packProject, ProjectFileError, unpackProject } from '../engine/project/container';
import { restoreProject } from '../engine/project/restore';
import { ProjectSchema, weightIdsOf, type Project } from '../engine/project/schema';
import type { StoredWeights } from '../engine/project/weights';
import { ApiError, type ProjectFile } from '../shared/contract';
import { formatZodError } from '../shared/zodMessages';
import { writeFileAtomic } from './atomicWrite';
import { readProjectFileBytes } from './safeRead';
import type { WeightsStore } from './weightsStore';

export const PROJECT_EXTENSION = '.layerlab';

/** `model` → `model.layerlab`; a path that already ends in .layerlab (any case) is kept. */
export function withProjectExtension(file: string): string {
  return file.toLowerCase().endsWith(PROJECT_EXTENSION) ? file : `${file}${PROJECT_EXTENSION}`;
}

export interface SaveResult {
  /** Where it was written: the given path, with `.layerlab` appended if it lacked it. */
  path: string;
  savedAt: string;
  bytes: number;
  /** Runs saved without weights because the store had none for them. */
  warnings: string[];
}

export interface OpenResult {
  project: Project;
  problems: string[];
  /** Names of the migrations applied to bring an older file up to date. */
  migrations: string[];
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Writes `project` with the weights of its runs into one `.layerlab` file,
 * atomically. A run that claims weights the store lacks (or cannot read) is
 * saved with `hasWeights: false` and named in a warning; the project itself
 * is not modified.
 */
export async function saveProjectFile(file: string, project: Project, weightsStore: WeightsStore): Promise<SaveResult> {
  const target = withProjectExtension(file);
  const checked = ProjectSchema.safeParse(project);
  if (!checked.success) {
    throw new ApiError('bad-request', `Cannot save ${target}: the project is not valid (${formatZodError(checked.error)})`);
  }
  const warnings: string[] = [];
  const weights = new Map<string, StoredWeights>();
  for (const run of checked.data.runs) {
    for (const id of weightIdsOf(run)) {
      const what = id === run.id ? 'its trained weights' : `the weights of checkpoint ${id}`;
      const without = id === run.id ? 'weights' : 'that checkpoint';
      try {
        if (weightsStore.has(id)) weights.set(id, await weightsStore.read(id));
        else warnings.push(`Run "${run.name}" (${run.id}): ${what} were not found; saved without ${without}.`);
      } catch (err) {
        warnings.push(`Run "${run.name}" (${run.id}): ${what} could not be read (${reason(err)}); saved without ${without}.`);
      }
    }
  }

  const bytes = packProject(checked.data, weights);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  } catch (err) {
    throw new ApiError('internal', `Cannot save ${target}: ${reason(err)}`);
  }
  return { path: target, savedAt: new Date().toISOString(), bytes: bytes.byteLength, warnings };
}

/**
 * Reads, migrates and repairs a project file, then puts its runs' weights in
 * the store. Throws ApiError('invalid-file', '<path>: <reason>') when the file
 * is no readable project ('not-found' when it does not exist); nothing is
 * written to the store unless the whole file was read. Devices, FIFOs,
 * sockets and folders are refused without reading; so are files over the
 * size limits, archives whose entries are too large, unsafe or lie about
 * their size, and documents nested too deeply (see docs/hardening.md).
 */
export async function openProjectFile(file: string, weightsStore: WeightsStore): Promise<OpenResult> {
  // Regular files only (never blocks on a FIFO), size-checked before reading.
  const bytes = await readProjectFileBytes(file);

  let restored: ReturnType<typeof restoreProject>;
  let unpackProblems: string[];
  let weights: Map<string, StoredWeights>;
  try {
    const unpacked = unpackProject(bytes, file);
    unpackProblems = unpacked.problems;
    weights = unpacked.weights;
    restored = restoreProject(unpacked.raw, file, { weights });
  } catch (err) {
    if (err instanceof ProjectFileError) throw new ApiError('invalid-file', `${file}: ${err.reason}`);
    throw new ApiError('invalid-file', `${file}: ${reason(err)}`);
  }

  const written: string[] = [];
  try {
    for (const run of restored.project.runs) {
      for (const id of weightIdsOf(run)) {
        const stored = weights.get(id);
        if (!stored) continue;
        await weightsStore.write(id, stored);
        written.push(id);
      }
    }
  } catch (err) {
    // Leave no half-imported weights behind.
    await Promise.all(written.map((id) => weightsStore.delete(id).catch(() => undefined)));
    throw new ApiError('internal', `${file}: could not store the project's trained weights (${reason(err)})`);
  }

  return {
    project: restored.project,
    problems: [...unpackProblems, ...restored.problems],
    migrations: restored.migrations,
  };
}

/**
 * The `.layerlab` files directly in `dir`, newest first. Creates nothing; a
 * missing directory lists as empty.
 */
export async function listProjectFiles(dir: string): Promise<ProjectFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new ApiError('internal', `Cannot list ${dir}: ${reason(err)}`);
  }
  const files: (ProjectFile & { mtimeMs: number })[] = [];
  for (const name of names) {
    if (!name.toLowerCase().endsWith(PROJECT_EXTENSION) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    try {
      const info = await stat(full);
      if (!info.isFile()) continue;
      files.push({
        path: full,
        name: name.slice(0, -PROJECT_EXTENSION.length),
        modifiedAt: info.mtime.toISOString(),
        bytes: info.size,
        mtimeMs: info.mtimeMs,
      });
    } catch {
      // Vanished or unreadable between readdir and stat: not listed.
    }
  }
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name));
  return files.map(({ mtimeMs: _, ...file }) => file);
}
