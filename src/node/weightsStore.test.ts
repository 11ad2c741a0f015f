import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleWeights } from '../../test/fixtures/projects';
import { ApiError } from '../shared/contract';
import { WeightsStore } from './weightsStore';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerlab-weights-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('WeightsStore', () => {
  it('writes, reads, reports and deletes weights by run id', async () => {
    const store = new WeightsStore(path.join(root, 'nested', 'weights'));
    expect(store.has('run-1')).toBe(false);
    await store.write('run-1', sampleWeights(3));
    expect(store.has('run-1')).toBe(true);
    expect((await readdir(store.dir)).sort()).toEqual(['run-1.bin', 'run-1.json']);

    const back = await store.read('run-1');
    expect(back.specs).toEqual(sampleWeights(3).specs);
    expect(back.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.data)).toEqual(Array.from(sampleWeights(3).data));
    expect(new Float32Array(back.data.slice().buffer)[0]).toBeCloseTo(Math.sin(300) * 0.5, 6);

    await store.write('run-1', sampleWeights(4)); // overwrite
    expect(Array.from((await store.read('run-1')).data)).toEqual(Array.from(sampleWeights(4).data));

    await store.delete('run-1');
    expect(store.has('run-1')).toBe(false);
    await store.delete('run-1'); // absent: no error
    expect(await readdir(store.dir)).toEqual([]);
  });

  it('rejects run ids that could leave the directory', async () => {
    const store = new WeightsStore(root);
    for (const bad of ['../evil', 'a/b', 'a\\b', '', '.', 'x.y', 'a b']) {
      expect(() => store.has(bad)).toThrow(ApiError);
      await expect(store.read(bad)).rejects.toThrow(/Invalid run id/);
      await expect(store.write(bad, sampleWeights())).rejects.toThrow(/Invalid run id/);
      await expect(store.delete(bad)).rejects.toThrow(/Invalid run id/);
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('reports missing and damaged weights with codes', async () => {
    const store = new WeightsStore(root);
    await expect(store.read('nope')).rejects.toMatchObject({ code: 'not-found' });

    await store.write('r', sampleWeights());
    await writeFile(path.join(root, 'r.bin'), new Uint8Array(10));
    await expect(store.read('r')).rejects.toMatchObject({ code: 'invalid-file', message: /10 bytes.*60/ });

    await writeFile(path.join(root, 'r.json'), '{not json');
    await expect(store.read('r')).rejects.toMatchObject({ code: 'invalid-file', message: /not valid JSON/ });
  });

  it('refuses to write data that does not match its specs, leaving nothing', async () => {
    const store = new WeightsStore(root);
    await expect(store.write('r', { ...sampleWeights(), data: new Uint8Array(3) })).rejects.toThrow(/3 bytes/);
    expect(store.has('r')).toBe(false);
  });

  it('writes the manifest as plain JSON a person can read', async () => {
    const store = new WeightsStore(root);
    await store.write('r', sampleWeights());
    expect(JSON.parse(await readFile(path.join(root, 'r.json'), 'utf8'))).toEqual(sampleWeights().specs);
  });
});
