import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAtomicTempFile, nodeFs, writeFileAtomic, type AtomicFileHandle } from './atomicWrite';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one', async () => {
    const file = path.join(dir, 'a.bin');
    await writeFileAtomic(file, bytes('first'));
    expect(await readFile(file, 'utf8')).toBe('first');
    await writeFileAtomic(file, bytes('second, longer'));
    expect(await readFile(file, 'utf8')).toBe('second, longer');
    await writeFileAtomic(file, new Uint8Array(0));
    expect(await readFile(file, 'utf8')).toBe('');
    expect(await readdir(dir)).toEqual(['a.bin']);
  });

  it('writes large data in chunks, and keeps the old permissions', async () => {
    const file = path.join(dir, 'big.bin');
    await writeFile(file, 'x', { mode: 0o600 });
    const data = new Uint8Array(100_001).map((_, i) => i % 251);
    await writeFileAtomic(file, data, { chunkBytes: 4096 });
    expect(new Uint8Array(await readFile(file))).toEqual(data);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the original intact and no temp file when a write fails midway', async () => {
    const file = path.join(dir, 'keep.txt');
    await writeFile(file, 'original');
    let tempSeen = '';
    let writes = 0;
    const failing = {
      async open(p: string, flags: string, mode?: number): Promise<AtomicFileHandle> {
        const real = await nodeFs.open(p, flags, mode);
        tempSeen = p;
        return {
          write: async (buf, offset, length, position) => {
            writes++;
            if (writes > 1) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
            return real.write(buf, offset, length, position);
          },
          sync: () => real.sync(),
          close: () => real.close(),
        };
      },
    };
    await expect(
      writeFileAtomic(file, bytes('replacement that is long enough for two chunks'), { fs: failing, chunkBytes: 8 }),
    ).rejects.toThrow(/ENOSPC/);
    expect(writes).toBe(2); // it really did fail midway, after writing part of the temp file
    expect(path.dirname(tempSeen)).toBe(dir);
    expect(isAtomicTempFile(path.basename(tempSeen))).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });

  it('leaves the original intact when fsync or rename fails', async () => {
    const file = path.join(dir, 'keep.txt');
    await writeFile(file, 'original');
    await expect(
      writeFileAtomic(file, bytes('new'), {
        fs: {
          rename: async () => {
            throw new Error('EXDEV: rename failed');
          },
        },
      }),
    ).rejects.toThrow(/EXDEV/);
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });

  it('fails cleanly when the target is a directory (a real rename failure)', async () => {
    const target = path.join(dir, 'taken');
    await mkdir(target);
    await writeFile(path.join(target, 'inside.txt'), 'x');
    await expect(writeFileAtomic(target, bytes('data'))).rejects.toThrow();
    expect((await stat(target)).isDirectory()).toBe(true);
    expect(await readFile(path.join(target, 'inside.txt'), 'utf8')).toBe('x');
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('fails without creating anything when the temp file cannot be created', async () => {
    const file = path.join(dir, 'missing-dir', 'a.txt');
    await expect(writeFileAtomic(file, bytes('data'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
