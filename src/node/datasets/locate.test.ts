import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MNIST } from '../../engine/datasets';
import { DatasetStatusSchema } from '../../shared/contract';
import { cachePath, datasetStatus, locateDatasetFile, type DatasetDirs } from './locate';

const file = MNIST.files.testLabels;
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'layerlab-locate-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Creates `p` with `bytes` bytes; locate looks at existence and (in the cache) size only. */
function touch(p: string, bytes = 1): string {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, '');
  truncateSync(p, bytes);
  return p;
}

function dirs(...dataDirs: string[]): DatasetDirs {
  return { dataDirs: dataDirs.map((d) => path.join(root, d)), cacheDir: path.join(root, 'cache') };
}

describe('locateDatasetFile', () => {
  it('finds nothing in empty directories', () => {
    expect(locateDatasetFile(MNIST, file, dirs('a', 'b'))).toBeNull();
  });

  it('finds a downloaded file in <cacheDir>/datasets/<folder>/', () => {
    const d = dirs('a');
    const p = touch(path.join(root, 'cache', 'datasets', 'mnist', file.name), file.bytes);
    expect(cachePath(MNIST, file, d.cacheDir)).toBe(p);
    expect(locateDatasetFile(MNIST, file, d)).toEqual({ path: p, source: 'cache' });
  });

  it('ignores a cache file of the wrong size (it would be re-downloaded)', () => {
    touch(path.join(root, 'cache', 'datasets', 'mnist', file.name), file.bytes - 1);
    expect(locateDatasetFile(MNIST, file, dirs('a'))).toBeNull();
  });

  it('prefers a data dir over the cache, whatever the data-dir file size', () => {
    touch(path.join(root, 'cache', 'datasets', 'mnist', file.name), file.bytes);
    const p = touch(path.join(root, 'a', file.name), 3);
    expect(locateDatasetFile(MNIST, file, dirs('a'))).toEqual({ path: p, source: 'data-dir' });
  });

  it('accepts the <dir>/<folder>/<file> form', () => {
    const p = touch(path.join(root, 'shared', 'mnist', file.name));
    expect(locateDatasetFile(MNIST, file, dirs('shared'))).toEqual({ path: p, source: 'data-dir' });
  });

  it('searches data dirs in order, each flat before its folder form', () => {
    touch(path.join(root, 'b', file.name));
    const inA = touch(path.join(root, 'a', 'mnist', file.name));
    expect(locateDatasetFile(MNIST, file, dirs('a', 'b'))?.path).toBe(inA);
    const flatA = touch(path.join(root, 'a', file.name));
    expect(locateDatasetFile(MNIST, file, dirs('a', 'b'))?.path).toBe(flatA);
  });

  it('does not take a directory with the file name for the file', () => {
    mkdirSync(path.join(root, 'a', file.name), { recursive: true });
    expect(locateDatasetFile(MNIST, file, dirs('a'))).toBeNull();
  });
});

describe('datasetStatus', () => {
  it('reports every file missing, in the contract shape', () => {
    const status = DatasetStatusSchema.parse(datasetStatus(MNIST, dirs('a')));
    expect(status.id).toBe('mnist');
    expect(status.ready).toBe(false);
    expect(status.files.map((f) => f.name).sort()).toEqual(Object.values(MNIST.files).map((f) => f.name).sort());
    expect(status.files.every((f) => f.source === 'missing' && f.path === null)).toBe(true);
  });

  it('is ready when each file is somewhere, and says where', () => {
    const d = dirs('a');
    touch(path.join(root, 'a', MNIST.files.trainImages.name));
    touch(path.join(root, 'a', 'mnist', MNIST.files.trainLabels.name));
    for (const f of [MNIST.files.testImages, MNIST.files.testLabels]) touch(cachePath(MNIST, f, d.cacheDir), f.bytes);
    const status = DatasetStatusSchema.parse(datasetStatus(MNIST, d));
    expect(status.ready).toBe(true);
    const byName = Object.fromEntries(status.files.map((f) => [f.name, f.source]));
    expect(byName).toEqual({
      [MNIST.files.trainImages.name]: 'data-dir',
      [MNIST.files.trainLabels.name]: 'data-dir',
      [MNIST.files.testImages.name]: 'cache',
      [MNIST.files.testLabels.name]: 'cache',
    });
  });
});
