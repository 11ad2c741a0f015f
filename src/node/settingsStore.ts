import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SettingsSchema, type RecentProject, type Settings } from '../shared/contract';
import { writeFileAtomic } from './atomicWrite';

/** `LAYERLAB_HOME`, else `~/.layerlab`: settings, the download cache and projects live here by default. */
export function layerlabHome(): string {
  return path.resolve(process.env.LAYERLAB_HOME ?? path.join(os.homedir(), '.layerlab'));
}

/** `LAYERLAB_DATA_DIR` holds one or more directories, separated like PATH. */
export function envDataDirs(): string[] {
  const value = process.env.LAYERLAB_DATA_DIR ?? '';
  return value
    .split(path.delimiter)
    .filter((dir) => dir.trim() !== '')
    .map((dir) => path.resolve(dir));
}

export function defaultSettings(home = layerlabHome()): Settings {
  return { dataDirs: [], projectsDir: path.join(home, 'projects'), cacheDir: path.join(home, 'cache') };
}

/** How many recent projects settings.json keeps. */
export const MAX_RECENT_PROJECTS = 10;

/** `file` first, without an earlier copy of it, at most `max` entries. */
export function withRecent(list: readonly string[], file: string, max = MAX_RECENT_PROJECTS): string[] {
  return [file, ...list.filter((entry) => entry !== file)].slice(0, max);
}

export function withoutRecent(list: readonly string[], file: string): string[] {
  return list.filter((entry) => entry !== file);
}

/** The recent list as stored: strings only, no duplicates, at most `max`; anything else in the file is dropped. */
export function cleanRecent(value: unknown, max = MAX_RECENT_PROJECTS): string[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  for (const entry of value) if (typeof entry === 'string' && entry !== '') seen.add(entry);
  return [...seen].slice(0, max);
}

/** Each path with its name and whether it still exists (a missing file is listed, to be shown greyed). */
export async function describeRecent(paths: readonly string[]): Promise<RecentProject[]> {
  return Promise.all(
    paths.map(async (file) => {
      const name = path.basename(file).replace(/\.layerlab$/i, '');
      try {
        const info = await stat(file);
        if (info.isFile()) return { path: file, name, exists: true, modifiedAt: info.mtime.toISOString() };
      } catch {
        // Missing or unreadable: listed as missing.
      }
      return { path: file, name, exists: false, modifiedAt: null };
    }),
  );
}

const RECENT_KEY = 'recentProjects';

export class SettingsStore {
  private readonly file: string;
  /** Read-modify-write of settings.json, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly home = layerlabHome()) {
    this.file = path.join(home, 'settings.json');
  }

  /** The whole file as an object (settings plus the recent list); empty when missing or damaged. */
  private async readRaw(): Promise<Record<string, unknown>> {
    try {
      const value: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      // A damaged settings file must not stop the app; it is rewritten on the next update.
      return {};
    }
  }

  private async writeRaw(raw: Record<string, unknown>): Promise<void> {
    await mkdir(this.home, { recursive: true });
    await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(raw, null, 2)));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async get(): Promise<Settings> {
    const defaults = defaultSettings(this.home);
    const parsed = SettingsSchema.partial().safeParse(await this.readRaw());
    return parsed.success ? { ...defaults, ...parsed.data } : defaults;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    return this.serially(async () => {
      const next = SettingsSchema.parse({ ...(await this.get()), ...patch });
      // The recent list lives in the same file: keep it.
      const recent = cleanRecent((await this.readRaw())[RECENT_KEY]);
      await this.writeRaw({ ...next, [RECENT_KEY]: recent });
      return next;
    });
  }

  /** Paths of the last projects opened or saved, newest first. */
  async recentProjects(): Promise<string[]> {
    return cleanRecent((await this.readRaw())[RECENT_KEY]);
  }

  private async changeRecent(change: (list: string[]) => string[]): Promise<string[]> {
    return this.serially(async () => {
      const raw = await this.readRaw();
      const next = change(cleanRecent(raw[RECENT_KEY]));
      await this.writeRaw({ ...(await this.get()), [RECENT_KEY]: next });
      return next;
    });
  }

  addRecentProject(file: string): Promise<string[]> {
    return this.changeRecent((list) => withRecent(list, file));
  }

  removeRecentProject(file: string): Promise<string[]> {
    return this.changeRecent((list) => withoutRecent(list, file));
  }

  /** Directories searched for dataset files: the environment's first, then the user's. */
  async datasetDirs(): Promise<{ dataDirs: string[]; cacheDir: string; weightsDir: string }> {
    const settings = await this.get();
    return {
      dataDirs: [...envDataDirs(), ...settings.dataDirs],
      cacheDir: settings.cacheDir,
      weightsDir: path.join(settings.cacheDir, 'weights'),
    };
  }
}
