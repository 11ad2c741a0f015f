import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { formatBytes, MAX_JSON_BYTES, MAX_PROJECT_FILE_BYTES } from '../engine/project/container';
import { ApiError } from '../shared/contract';

/** What a non-regular file is, for messages: "a FIFO", "a folder", … */
export function describeFileType(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notAProjectFile(file: string, info: Stats): ApiError {
  return new ApiError('invalid-file', `${file}: is ${describeFileType(info)}, not a project file`);
}

function ioError(file: string, err: unknown): ApiError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ApiError('not-found', `${file}: no such file`);
  if (code === 'EISDIR') return new ApiError('invalid-file', `${file}: is a folder, not a project file`);
  return new ApiError('invalid-file', `${file}: ${err instanceof Error ? err.message : String(err)}`);
}

// O_NONBLOCK: opening a FIFO without a writer must not hang (Windows has none, and no FIFOs).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `file` for reading only if it is a regular file (symbolic links are
 * followed): devices, FIFOs, sockets and folders are refused with an
 * ApiError('invalid-file') naming what they are, before any read. The type is
 * checked with stat before opening and again with fstat on the open handle
 * (the path may be swapped in between). The caller closes the handle.
 */
export async function openRegularFile(file: string): Promise<{ handle: FileHandle; size: number }> {
  let before: Stats;
  try {
    before = await stat(file);
  } catch (err) {
    throw ioError(file, err);
  }
  if (!before.isFile()) throw notAProjectFile(file, before);
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (err) {
    throw ioError(file, err);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notAProjectFile(file, info);
    return { handle, size: info.size };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err instanceof ApiError ? err : ioError(file, err);
  }
}

/** Reads `length` bytes at `position`, failing if the file ends first (it shrank). */
export async function readExactly(handle: FileHandle, file: string, position: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, Math.min(length - done, 64 * 1024 * 1024), position + done);
    if (bytesRead === 0) throw new ApiError('invalid-file', `${file}: the file changed while it was read (it ended early)`);
    done += bytesRead;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

function isZipStart(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x50 && head[1] === 0x4b;
}

/**
 * Reads a project file whole, after checking that it is a regular file and
 * that its size is within the limits: MAX_PROJECT_FILE_BYTES for a zip
 * archive, MAX_JSON_BYTES for anything else (only a bare JSON document can be
 * a project then). The size is checked before anything is read.
 */
export async function readProjectFileBytes(file: string): Promise<Uint8Array> {
  const { handle, size } = await openRegularFile(file);
  try {
    if (size > MAX_PROJECT_FILE_BYTES) {
      throw new ApiError(
        'invalid-file',
        `${file}: the file is ${formatBytes(size)}; project files are limited to ${formatBytes(MAX_PROJECT_FILE_BYTES)}`,
      );
    }
    const head = await readExactly(handle, file, 0, Math.min(size, 4));
    if (!isZipStart(head) && size > MAX_JSON_BYTES) {
      throw new ApiError(
        'invalid-file',
        `${file}: the file is ${formatBytes(size)} and not a zip archive; a bare JSON project is limited to ${formatBytes(MAX_JSON_BYTES)}`,
      );
    }
    return await readExactly(handle, file, 0, size);
  } catch (err) {
    throw err instanceof ApiError ? err : ioError(file, err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
