import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../engine/project/schema';
import { ApiError, RecoverySchema, RecoverySlotSchema, type Recovery } from '../shared/contract';
import { isAtomicTempFile, writeFileAtomic } from './atomicWrite';

/** Recovery files older than this are deleted when another is written: their browser never came back. */
export const RECOVERY_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Autosaved unsaved work, one JSON file per client slot (`<home>/recovery/<slot>.json`).
 * Each browser (or desktop profile) has its own slot, so two windows on one
 * server never offer each other's work. Files are replaced atomically, so a
 * crash during an autosave leaves the previous one readable.
 */
export class RecoveryStore {
  constructor(readonly dir: string) {}

  private file(slot: string): string {
    const checked = RecoverySlotSchema.safeParse(slot);
    if (!checked.success) throw new ApiError('bad-request', `Invalid recovery slot ${JSON.stringify(slot)}`);
    return path.join(this.dir, `${checked.data}.json`);
  }

  async write(slot: string, project: Project, filePath: string | null, now = new Date()): Promise<{ savedAt: string }> {
    const file = this.file(slot);
    const recovery: Recovery = { savedAt: now.toISOString(), filePath, project };
    const checked = RecoverySchema.safeParse(recovery);
    if (!checked.success) throw new ApiError('bad-request', 'The project to autosave is not valid');
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(checked.data)));
    } catch (err) {
      throw new ApiError('internal', `Cannot write the recovery file ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    await this.prune(now.getTime(), path.basename(file));
    return { savedAt: recovery.savedAt };
  }

  /** The slot's recovery, or null when there is none; a damaged file counts as none (and is left for inspection). */
  async read(slot: string): Promise<Recovery | null> {
    let text: string;
    try {
      text = await readFile(this.file(slot), 'utf8');
    } catch (err) {
      if (err instanceof ApiError) throw err;
      return null;
    }
    try {
      const parsed = RecoverySchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Removes the slot's recovery file; false when there was none. */
  async clear(slot: string): Promise<boolean> {
    try {
      await unlink(this.file(slot));
      return true;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new ApiError('internal', `Cannot remove the recovery file: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Best effort: deletes other slots' files (and stray temp files) older than RECOVERY_MAX_AGE_MS. */
  private async prune(nowMs: number, keep: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === keep || !(name.endsWith('.json') || isAtomicTempFile(name))) continue;
      const full = path.join(this.dir, name);
      try {
        if (nowMs - (await stat(full)).mtimeMs > RECOVERY_MAX_AGE_MS) await unlink(full);
      } catch {
        // Gone or unreadable: nothing to prune.
      }
    }
  }
}
