import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExportTarget } from './exportTarget';

const dir = mkdtempSync(path.join(os.tmpdir(), 'export-target-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkExportTarget', () => {
  it('accepts a new or existing file in an existing folder', async () => {
    await expect(checkExportTarget(path.join(dir, 'new.h5'))).resolves.toBeUndefined();
    writeFileSync(path.join(dir, 'old.h5'), 'x');
    await expect(checkExportTarget(path.join(dir, 'old.h5'))).resolves.toBeUndefined();
  });

  it('names a missing folder, a file standing where the folder should be, and a folder given as the file', async () => {
    await expect(checkExportTarget(path.join(dir, 'missing', 'm.h5'))).rejects.toThrow(`the folder ${path.join(dir, 'missing')} does not exist`);
    writeFileSync(path.join(dir, 'plain'), 'x');
    await expect(checkExportTarget(path.join(dir, 'plain', 'm.h5'))).rejects.toThrow(`${path.join(dir, 'plain')} is a file, not a folder`);
    await expect(checkExportTarget(dir)).rejects.toThrow(`${dir} is a folder: give a file name`);
  });
});
