import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Says in words why `file` cannot be written, before anything is built: an
 * atomic write would otherwise fail on its hidden temporary file and report
 * that name (ENOENT on `.x.h5.1a2b.tmp`) instead of the user's path.
 */
export async function checkExportTarget(file: string): Promise<void> {
  const dir = path.dirname(file);
  const folder = await stat(dir).catch(() => null);
  if (!folder) throw new Error(`the folder ${dir} does not exist`);
  if (!folder.isDirectory()) throw new Error(`${dir} is a file, not a folder`);
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`${file} is a folder: give a file name`);
}
