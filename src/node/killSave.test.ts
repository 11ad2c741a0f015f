import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../../test/fixtures/projects';
import { packProject, unpackProject } from '../engine/project/container';
import { restoreProject } from '../engine/project/restore';
import { isAtomicTempFile, writeFileAtomic } from './atomicWrite';
import { bulkyProject } from './faultFixtures';
import { sweepTempFiles } from './storageSweep';

/**
 * kill -9 during saves: a child process saves a project over the same file in
 * a loop (the real atomic save, writeFileAtomic, with two project files packed
 * by packProject: 4 MiB of weights each, so a save takes a while) and is SIGKILLed at a
 * random moment; after every kill the file must be exactly the old or the
 * new project, complete, never a mix or a fragment. Then the temp-file sweep
 * must remove what the killed saves left behind.
 */

const CHILD = path.join(__dirname, 'killSaveChild.ts');
const TRIALS = 100;
const PARALLEL = 2;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerlab-kill-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Spawns the child, kills it `delayMs` after it is ready (or when it dies); resolves with the saves it reported. */
function killedChild(target: string, versionFiles: [string, string], first: number, delayMs: number): Promise<{ saves: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target, ...versionFiles, String(first)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited by itself (${code}): ${err}`));
      else resolve({ saves: (out.match(/^saved /gm) ?? []).length });
    });
  });
}

describe('kill -9 during saves', () => {
  it(`leaves the old or the new project after each of ${TRIALS} kills, never a corrupt file`, async () => {
    const weights = (seed: number) => ({
      specs: [{ name: 'dense_1/kernel', shape: [1024, 1024], dtype: 'float32' as const }],
      data: pseudoRandomBytes(4 * 1024 * 1024, seed),
    });
    const versions = new Map([
      ['A', packProject(bulkyProject('A', 20_000), new Map([['run-a', weights(1)]]))],
      ['B', packProject(bulkyProject('B', 30_000), new Map([['run-a', weights(2)]]))],
    ]);
    const versionFiles: [string, string] = [path.join(root, 'A.bytes'), path.join(root, 'B.bytes')];
    await writeFileAtomic(versionFiles[0], versions.get('A')!);
    await writeFileAtomic(versionFiles[1], versions.get('B')!);
    const expectedProject = new Map(
      [...versions].map(([name, bytes]) => {
        const unpacked = unpackProject(bytes, name);
        return [name, restoreProject(unpacked.raw, name, { weights: unpacked.weights }).project];
      }),
    );

    const started = Date.now();
    let trials = 0;
    let survived = 0;
    let corrupt = 0;
    let changed = 0;
    let midSave = 0;
    const seenTemps = new Set<string>();
    let saves = 0;
    const lanes = Array.from({ length: PARALLEL }, (_, lane) => lane);
    await Promise.all(
      lanes.map(async (lane) => {
        const dir = path.join(root, `lane-${lane}`);
        const target = path.join(dir, 'project.layerlab');
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(target, versions.get('A')!);
        let previous = 'A';
        let seed = lane * 7919 + 1;
        while (trials < TRIALS) {
          trials++;
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          const delay = seed % 60; // 0-59 ms after the loop starts: kills land in packing, writing, fsync, rename
          const { saves: n } = await killedChild(target, versionFiles, previous === 'A' ? 1 : 0, delay);
          saves += n;
          let name: string | null = null;
          try {
            const bytes = new Uint8Array(await readFile(target));
            const unpacked = unpackProject(bytes, target); // parses as a project
            const restored = restoreProject(unpacked.raw, target, { weights: unpacked.weights });
            name = restored.project.name;
            expect(restored.project).toEqual(expectedProject.get(name));
            // …and is byte for byte one of the two versions, never a mix.
            expect(Buffer.compare(Buffer.from(bytes), Buffer.from(versions.get(name)!))).toBe(0);
          } catch (err) {
            corrupt++;
            console.error(`corrupt after kill ${trials}: ${err instanceof Error ? err.message : String(err)}`);
            continue;
          }
          survived++;
          if (name !== previous) changed++;
          previous = name;
          const temps = (await readdir(dir)).filter(isAtomicTempFile);
          if (temps.some((t) => !seenTemps.has(t))) midSave++; // killed between creating and renaming its temp file
          for (const t of temps) seenTemps.add(t);
        }
      }),
    );
    const elapsed = Date.now() - started;
    console.log(
      `kill -9 test: ${trials} trials, ${survived} survived, ${corrupt} corrupt files, ` +
        `${changed} kills found the file changed since the last check, ${saves} saves completed, ` +
        `${midSave} kills landed mid-save (a temp file left behind); ${(elapsed / 1000).toFixed(1)} s`,
    );
    expect(trials).toBeGreaterThanOrEqual(TRIALS);
    expect(corrupt).toBe(0);
    expect(survived).toBe(trials);

    // The sweep: fresh leftovers are kept (a save may be running), stale ones go.
    const dirs = lanes.map((lane) => path.join(root, `lane-${lane}`));
    const temps = async () => (await Promise.all(dirs.map((d) => readdir(d)))).flat().filter(isAtomicTempFile);
    const before = await temps();
    expect(await sweepTempFiles(dirs)).toEqual([]);
    expect(await temps()).toEqual(before);
    const swept = await sweepTempFiles(dirs, { now: Date.now() + 11 * 60_000 });
    expect(swept.length).toBe(before.length);
    expect(await temps()).toEqual([]);
    for (const d of dirs) expect(await readdir(d)).toEqual(['project.layerlab']);
    console.log(`temp sweep removed ${swept.length} leftover temp files`);
  // Unloaded, the 100 trials take about 25 s; a loaded CI machine may take several times that.
  }, 600_000);
});
