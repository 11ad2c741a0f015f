import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pseudoRandomBytes, sampleProject, sampleWeights } from '../../test/fixtures/projects';
import { listEntries, packProject } from '../engine/project/container';
import { MIGRATIONS } from '../engine/project/migrations';
import { ApiError } from '../shared/contract';
import { listProjectFiles, openProjectFile, saveProjectFile, withProjectExtension } from './projectStore';
import { WeightsStore } from './weightsStore';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerlab-projects-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const fixture = path.join(__dirname, '..', '..', 'test', 'fixtures', 'project-v0-mlp.json');

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('saveProjectFile / openProjectFile', () => {
  it('saves a project with its weights and opens it in another store', async () => {
    const storeA = new WeightsStore(path.join(root, 'a'));
    await storeA.write('run-a', sampleWeights(7));
    const project = sampleProject();

    const saved = await saveProjectFile(path.join(root, 'projects', 'sample'), project, storeA);
    expect(saved.path).toBe(path.join(root, 'projects', 'sample.layerlab'));
    expect(saved.warnings).toEqual([]);
    const onDisk = await readFile(saved.path);
    expect(saved.bytes).toBe(onDisk.byteLength);
    expect(Number.isNaN(Date.parse(saved.savedAt))).toBe(false);
    expect(listEntries(onDisk).sort()).toEqual(['project.json', 'weights/run-a.bin', 'weights/run-a.json']);
    expect(await readdir(path.join(root, 'projects'))).toEqual(['sample.layerlab']);

    const storeB = new WeightsStore(path.join(root, 'b'));
    const opened = await openProjectFile(saved.path, storeB);
    expect(opened.problems).toEqual([]);
    expect(opened.project).toEqual(project);
    expect(storeB.has('run-a')).toBe(true);
    expect(storeB.has('run_b')).toBe(false);
    expect(Array.from((await storeB.read('run-a')).data)).toEqual(Array.from(sampleWeights(7).data));
  });

  it('saves a run whose weights the store lacks without weights, and warns', async () => {
    const store = new WeightsStore(path.join(root, 'w'));
    const project = sampleProject();
    const saved = await saveProjectFile(path.join(root, 'p.layerlab'), project, store);
    expect(saved.warnings).toHaveLength(1);
    expect(saved.warnings[0]).toMatch(/"Run run-a" \(run-a\).*not found.*without weights/);
    expect(project.runs[0]!.hasWeights).toBe(true); // the caller's project is untouched

    const opened = await openProjectFile(saved.path, new WeightsStore(path.join(root, 'w2')));
    expect(opened.project.runs.map((r) => r.hasWeights)).toEqual([false, false]);
    expect(opened.problems).toEqual([]); // the file is consistent
  });

  it('replaces an existing file on save', async () => {
    const store = new WeightsStore(path.join(root, 'w'));
    const file = path.join(root, 'p.layerlab');
    await saveProjectFile(file, sampleProject(), store);
    await saveProjectFile(file, { ...sampleProject(), name: 'Renamed' }, store);
    expect((await openProjectFile(file, store)).project.name).toBe('Renamed');
    expect(await readdir(root)).toEqual(['p.layerlab']); // no temp files left
  });

  it('rejects an invalid project on save, writing nothing', async () => {
    const bad = { ...sampleProject(), name: '' };
    const err = await rejection(saveProjectFile(path.join(root, 'x.layerlab'), bad, new WeightsStore(root)));
    expect(err.code).toBe('bad-request');
    expect(await readdir(root)).toEqual([]);
  });

  it('opens the v0 fixture, migrating it', async () => {
    const opened = await openProjectFile(fixture, new WeightsStore(path.join(root, 'w')));
    expect(opened.migrations).toHaveLength(MIGRATIONS.length);
    expect(opened.problems).toEqual([]);
    expect(opened.project.graph.nodes.map((n) => n.name)).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2']);
  });

  it('reports repairs from the file as problems', async () => {
    const p = sampleProject() as unknown as { training: Record<string, unknown> };
    p.training.batchSize = -4;
    const file = path.join(root, 'repair.layerlab');
    await writeFile(file, zipSync({ 'project.json': strToU8(JSON.stringify(p)) }));
    const opened = await openProjectFile(file, new WeightsStore(path.join(root, 'w')));
    expect(opened.project.training.batchSize).toBe(128);
    expect(opened.problems.some((x) => x.startsWith('training.batchSize:'))).toBe(true);
    expect(opened.project.runs[0]!.hasWeights).toBe(false); // no weights in that file
  });

  describe('damaged files: ApiError invalid-file naming the path, file and store untouched', () => {
    const valid = packProject(sampleProject(), new Map([['run-a', sampleWeights()]]));
    const newer = zipSync({ 'project.json': strToU8(JSON.stringify({ ...sampleProject(), version: 99 })) });
    const cases: [string, Uint8Array, RegExp][] = [
      ['random bytes', pseudoRandomBytes(2048, 7), /not a LayerLab project file/],
      ['truncated zip', valid.subarray(0, valid.length - 30), /damaged or truncated/],
      ['zip without project.json', zipSync({ 'other.json': strToU8('{}') }), /no project\.json/],
      ['invalid JSON in project.json', zipSync({ 'project.json': strToU8('{"format":') }), /not valid JSON/],
      ['newer version', newer, /newer LayerLab/],
    ];
    for (const [label, bytes, reason] of cases) {
      it(label, async () => {
        const file = path.join(root, 'broken.layerlab');
        await writeFile(file, bytes);
        const store = new WeightsStore(path.join(root, 'w'));
        const err = await rejection(openProjectFile(file, store));
        expect(err.code).toBe('invalid-file');
        expect(err.message.startsWith(`${file}: `)).toBe(true);
        expect(err.message).toMatch(reason);
        expect(new Uint8Array(await readFile(file))).toEqual(bytes);
        expect(await readdir(root)).toEqual(['broken.layerlab']); // no store dir, no temp files
      });
    }

    it('a missing file is not-found', async () => {
      const err = await rejection(openProjectFile(path.join(root, 'gone.layerlab'), new WeightsStore(root)));
      expect(err.code).toBe('not-found');
      expect(err.message).toContain('gone.layerlab');
    });
  });
});

describe('listProjectFiles', () => {
  it('lists .layerlab files newest first, ignoring everything else', async () => {
    const dir = path.join(root, 'projects');
    await mkdir(dir);
    const store = new WeightsStore(path.join(root, 'w'));
    await saveProjectFile(path.join(dir, 'old'), sampleProject(), store);
    await saveProjectFile(path.join(dir, 'new'), sampleProject(), store);
    await copyFile(fixture, path.join(dir, 'legacy.json'));
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    await mkdir(path.join(dir, 'folder.layerlab'));
    await utimes(path.join(dir, 'old.layerlab'), new Date('2020-01-01'), new Date('2020-01-01'));
    await utimes(path.join(dir, 'new.layerlab'), new Date('2024-01-01'), new Date('2024-01-01'));

    const files = await listProjectFiles(dir);
    expect(files.map((f) => f.name)).toEqual(['new', 'old']);
    expect(files[0]).toEqual({
      path: path.join(dir, 'new.layerlab'),
      name: 'new',
      modifiedAt: '2024-01-01T00:00:00.000Z',
      bytes: (await readFile(path.join(dir, 'new.layerlab'))).byteLength,
    });
  });

  it('gives [] for a missing directory and creates nothing', async () => {
    const dir = path.join(root, 'nothing', 'here');
    expect(await listProjectFiles(dir)).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });

  it('adds the extension only when missing', () => {
    expect(withProjectExtension('/a/b')).toBe('/a/b.layerlab');
    expect(withProjectExtension('/a/b.layerlab')).toBe('/a/b.layerlab');
    expect(withProjectExtension('/a/B.LAYERLAB')).toBe('/a/B.LAYERLAB');
    expect(withProjectExtension('/a/b.json')).toBe('/a/b.json.layerlab');
  });
});
