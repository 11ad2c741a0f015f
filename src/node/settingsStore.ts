import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SettingsSchema, type Settings } from '../shared/contract';
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

export class SettingsStore {
  private readonly file: string;

  constructor(private readonly home = layerlabHome()) {
    this.file = path.join(home, 'settings.json');
  }

  async get(): Promise<Settings> {
    const defaults = defaultSettings(this.home);
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return defaults;
    }
    try {
      const parsed = SettingsSchema.partial().safeParse(JSON.parse(text));
      return parsed.success ? { ...defaults, ...parsed.data } : defaults;
    } catch {
      // A damaged settings file must not stop the app; it is rewritten on the next update.
      return defaults;
    }
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.get()), ...patch });
    await mkdir(this.home, { recursive: true });
    await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(next, null, 2)));
    return next;
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
