import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';

/** The file operations writeFileAtomic uses; tests swap some for failing ones. */
export interface AtomicWriteFs {
  open(file: string, flags: string, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
}

export interface AtomicFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFs: AtomicWriteFs = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (file) => fsp.unlink(file),
  stat: (file) => fsp.stat(file),
};

export interface AtomicWriteOptions {
  /** Replaces some or all file operations (for tests). */
  fs?: Partial<AtomicWriteFs>;
  /** Largest single write, in bytes. */
  chunkBytes?: number;
}

/** Temp files are `.<name>.<random>.tmp` beside the target. */
export function isAtomicTempFile(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}

/**
 * Replaces `file` with `bytes` so that readers (and a crash) see either the old
 * contents or the new ones, never a mix: writes a temp file in the same
 * directory, fsyncs it, renames it over the target, then fsyncs the directory
 * (best effort; not possible on Windows). On any failure the temp file is
 * removed, the original is left untouched, and the error is thrown.
 * A new file gets the old one's permissions, or 0o666 less the umask.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs: AtomicWriteFs = { ...nodeFs, ...options.fs };
  const chunk = Math.max(1, options.chunkBytes ?? 8 * 1024 * 1024);
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);

  let mode = 0o666;
  try {
    mode = (await fs.stat(file)).mode & 0o777;
  } catch {
    // No existing file: default permissions.
  }

  let handle: AtomicFileHandle | null = null;
  let created = false;
  try {
    handle = await fs.open(temp, 'wx', mode);
    created = true;
    let offset = 0;
    while (offset < bytes.byteLength) {
      const length = Math.min(chunk, bytes.byteLength - offset);
      const { bytesWritten } = await handle.write(bytes, offset, length, offset);
      if (bytesWritten <= 0) throw new Error(`writing ${temp} made no progress`);
      offset += bytesWritten;
    }
    await handle.sync();
    const h = handle;
    handle = null;
    await h.close();
    await fs.rename(temp, file);
    created = false;
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw err;
  }

  await syncDirectory(dir, fs);
}

async function syncDirectory(dir: string, fs: AtomicWriteFs): Promise<void> {
  let handle: AtomicFileHandle | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: Windows cannot open directories, some file systems refuse fsync.
  } finally {
    if (handle) await handle.close().catch(() => undefined);
  }
}
