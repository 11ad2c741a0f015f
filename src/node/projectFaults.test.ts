import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pseudoRandomBytes, sampleProject, sampleWeights } from '../../test/fixtures/projects';
import { packProject } from '../engine/project/container';
import { ApiError } from '../shared/contract';
import { handMadeZip, storedEntry, zeroBombStream, zipWithProject } from './faultFixtures';
import { openProjectFile } from './projectStore';
import { WeightsStore } from './weightsStore';

/**
 * A corpus of hostile and damaged project files. Each must be refused with
 * ApiError('invalid-file') whose message names the file and the problem,
 * quickly, writing nothing, and the process must open a good file afterwards.
 */

let root: string;
let store: WeightsStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerlab-faults-'));
  store = new WeightsStore(path.join(root, 'weights'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const valid = packProject(sampleProject(), new Map([['run-a', sampleWeights()]]));
let bomb: { stream: Uint8Array; inflatedBytes: number };
beforeAll(() => {
  bomb = zeroBombStream(128); // 1029 MiB of zeros in about 1 MB
});

let tried = 0;
afterAll(() => {
  console.log(`project-file fault corpus: ${tried} inputs tried, 0 crashes`);
});

async function refusal(file: string, maxMs = 2000): Promise<ApiError> {
  tried++;
  const started = Date.now();
  let error: unknown = null;
  try {
    await openProjectFile(file, store);
  } catch (err) {
    error = err;
  }
  const elapsed = Date.now() - started;
  expect(error, 'expected the file to be refused').toBeInstanceOf(ApiError);
  const err = error as ApiError;
  expect(err.code).toBe('invalid-file');
  expect(err.message.startsWith(`${file}: `)).toBe(true);
  expect(elapsed).toBeLessThan(maxMs);
  expect((await readdir(root)).includes('weights')).toBe(false); // nothing imported
  await processIsFine();
  return err;
}

/** The process still opens a good project. */
async function processIsFine(): Promise<void> {
  const good = path.join(root, 'good.layerlab');
  await writeFile(good, valid);
  const opened = await openProjectFile(good, new WeightsStore(path.join(root, 'w-ok')));
  expect(opened.project.name).toBe('Sample');
  await rm(good);
  await rm(path.join(root, 'w-ok'), { recursive: true, force: true });
}

async function fileWith(bytes: Uint8Array | string, name = 'bad.layerlab'): Promise<string> {
  const file = path.join(root, name);
  await writeFile(file, bytes);
  return file;
}

describe('damaged files', () => {
  it('truncated bare JSON', async () => {
    const err = await refusal(await fileWith('{"format":"layerlab.project","name":'));
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('a zip truncated at 12 points, from inside the data to inside the directory', async () => {
    for (let i = 1; i <= 12; i++) {
      const cut = Math.floor((valid.length * i) / 13);
      const err = await refusal(await fileWith(valid.subarray(0, cut)));
      expect(err.message).toMatch(/damaged or truncated/);
    }
  });

  it('300 random mutations of a good archive: each opens or is refused as invalid-file, none crashes', async () => {
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const noise = pseudoRandomBytes(8, i + 1);
      const bytes = valid.slice();
      const at = (noise[0]! * 256 + noise[1]!) % bytes.length;
      if (i % 3 === 0) bytes[at] = noise[2]!;
      else if (i % 3 === 1) bytes.set(noise.subarray(2), Math.min(at, bytes.length - 6));
      else {
        const inDirectory = bytes.length - 1 - (at % 40);
        bytes[inDirectory] = (bytes[inDirectory] ?? 0) ^ 0xff;
      }
      const file = await fileWith(bytes);
      tried++;
      try {
        await openProjectFile(file, new WeightsStore(path.join(root, 'w-fuzz')));
      } catch (err) {
        expect(err).toBeInstanceOf(ApiError);
        expect(['invalid-file']).toContain((err as ApiError).code);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    await processIsFine();
  });
});

describe('zip bombs and lying sizes', () => {
  it('a 1 GiB project.json in a 1 MB file is refused from its declared size, without inflating', async () => {
    const zip = handMadeZip([{ name: 'project.json', data: bomb.stream, method: 8, declaredSize: bomb.inflatedBytes }]);
    expect(zip.length).toBeLessThan(1.1 * 1024 * 1024);
    const err = await refusal(await fileWith(zip), 500);
    expect(err.message).toMatch(/project\.json declares 1\.0 GiB uncompressed; the limit is 256 MiB/);
  });

  it('a 1 GiB weights entry in a 1 MB file is refused as a likely zip bomb (compression ratio)', async () => {
    const zip = handMadeZip([
      storedEntry('project.json', strToU8(JSON.stringify(sampleProject()))),
      { name: 'weights/run-a.bin', data: bomb.stream, method: 8, declaredSize: bomb.inflatedBytes },
    ]);
    const err = await refusal(await fileWith(zip), 500);
    expect(err.message).toMatch(/weights\/run-a\.bin would inflate .* to 1\.0 GiB \(\d+:1\).*zip bomb/);
  });

  it('an entry that declares 100 bytes but inflates to 1 GiB is stopped while inflating', async () => {
    const zip = handMadeZip([{ name: 'project.json', data: bomb.stream, method: 8, declaredSize: 100 }]);
    const err = await refusal(await fileWith(zip), 1000);
    expect(err.message).toMatch(/project\.json inflates to more than its declared 100 bytes/);
  });

  it('an entry that declares 3 GiB but holds a few bytes is refused before any allocation', async () => {
    const small = zipSync({ 'project.json': strToU8('{}') });
    const zip = handMadeZip([
      storedEntry('project.json', strToU8(JSON.stringify(sampleProject()))),
      { name: 'weights/run-a.bin', data: small.subarray(0, 16), method: 8, declaredSize: 3 * 1024 ** 3 },
    ]);
    const err = await refusal(await fileWith(zip), 500);
    expect(err.message).toMatch(/weights\/run-a\.bin declares 3 GiB uncompressed; the limit is 2 GiB/);
  });

  it('a stored entry whose declared size disagrees with its data is damaged', async () => {
    const data = strToU8(JSON.stringify(sampleProject()));
    const zip = handMadeZip([{ ...storedEntry('project.json', data), declaredSize: data.length * 2 }]);
    const err = await refusal(await fileWith(zip));
    expect(err.message).toMatch(/damaged or truncated.*inconsistent sizes/);
  });
});

describe('unsafe entry names', () => {
  for (const name of ['../evil.json', '../../etc/passwd', 'weights/../../x.bin', '/etc/passwd', 'C:/evil.bin', '..\\evil.bin']) {
    it(JSON.stringify(name), async () => {
      const err = await refusal(await fileWith(zipWithProject({ [name]: strToU8('x') })));
      expect(err.message).toMatch(/refused: entry name .* (climbs out of the archive|is an absolute path)/);
    });
  }
});

describe('deep nesting', () => {
  const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
  it('a 200,000-deep bare project.json', async () => {
    const err = await refusal(await fileWith(deep(200_000)));
    expect(err.message).toMatch(/the file is nested 200001 levels deep; the limit is 256/);
  });
  it('a 200,000-deep project.json in an archive', async () => {
    const err = await refusal(await fileWith(zipSync({ 'project.json': strToU8(deep(200_000)) })));
    expect(err.message).toMatch(/project\.json is nested 200001 levels deep; the limit is 256/);
  });
  it('brackets inside strings do not count', async () => {
    const project = { ...sampleProject(), name: '['.repeat(1000) };
    const file = await fileWith(zipSync({ 'project.json': strToU8(JSON.stringify(project)) }));
    expect((await openProjectFile(file, store)).project.name).toBe('['.repeat(1000));
  });
});

describe('files that are not regular files', () => {
  it('/dev/zero is refused at once, not read', async () => {
    tried++;
    const started = Date.now();
    await expect(openProjectFile('/dev/zero', store)).rejects.toMatchObject({
      code: 'invalid-file',
      message: '/dev/zero: is a character device, not a project file',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    await processIsFine();
  });

  it('a FIFO is refused without blocking', async () => {
    const fifo = path.join(root, 'pipe.layerlab');
    execFileSync('mkfifo', [fifo]);
    const err = await refusal(fifo, 1000);
    expect(err.message).toBe(`${fifo}: is a FIFO (named pipe), not a project file`);
  });

  it('a symbolic link to a FIFO is refused too', async () => {
    const fifo = path.join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(root, 'link.layerlab');
    await symlink(fifo, link);
    const err = await refusal(link, 1000);
    expect(err.message).toMatch(/is a FIFO \(named pipe\), not a project file/);
  });

  it('a socket is refused', async () => {
    const sock = path.join(root, 'sock.layerlab');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const err = await refusal(sock);
      expect(err.message).toBe(`${sock}: is a socket, not a project file`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a folder is refused', async () => {
    const dir = path.join(root, 'folder.layerlab');
    await mkdir(dir);
    const err = await refusal(dir);
    expect(err.message).toBe(`${dir}: is a folder, not a project file`);
  });
});

describe('size limits, checked before reading', () => {
  it('a 3 GiB sparse file is refused by size', async () => {
    const file = path.join(root, 'huge.layerlab');
    await writeFile(file, valid.subarray(0, 4)); // starts like a zip
    await truncate(file, 3 * 1024 ** 3); // sparse: no disk used
    const err = await refusal(file, 500);
    expect(err.message).toBe(`${file}: the file is 3 GiB; project files are limited to 2 GiB`);
  });

  it('a 600 MiB bare JSON file is refused by size, not reported as bad UTF-8', async () => {
    const file = path.join(root, 'big.json');
    await writeFile(file, '{"name": "');
    await truncate(file, 600 * 1024 ** 2);
    const err = await refusal(file, 500);
    expect(err.message).toBe(`${file}: the file is 600 MiB and not a zip archive; a bare JSON project is limited to 256 MiB`);
  });
});
