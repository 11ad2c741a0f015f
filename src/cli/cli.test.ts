import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMnist, mnistDir } from '../../test/dataDirs';
import { openProjectFile } from '../node/projectStore';
import { WeightsStore } from '../node/weightsStore';

const root = path.resolve(__dirname, '..', '..');

function cli(args: string[], home: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'index.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LAYERLAB_HOME: home, LAYERLAB_DATA_DIR: mnistDir() },
    timeout: 120_000,
  });
}

describe('npm run train (CLI)', () => {
  it('prints usage and exits 2 without a project', () => {
    const result = cli([], mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-')));
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('Usage: npm run train');
  });

  it('names a missing or damaged project file', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-'));
    const result = cli([path.join(home, 'nope.layerlab')], home);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nope.layerlab');
  });

  it.skipIf(!hasMnist())('creates a project from a template, trains it and writes the run back', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-'));
    const file = path.join(home, 'mlp.layerlab');
    const result = cli([file, '--template', 'mlp-mnist', '--epochs', '1', '--train-limit', '6000'], home);
    expect(result.stderr).not.toContain('error:');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Backend: (native TensorFlow|pure-JS tfjs)/);
    expect(result.stdout).toMatch(/epoch 1: .*val_acc/);
    expect(result.stdout).toMatch(/test \(10000 samples\): loss [\d.]+, accuracy 0\.\d+/);

    const before = readFileSync(file);
    const { project } = await openProjectFile(file, new WeightsStore(path.join(home, 'weights-check')));
    expect(project.runs).toHaveLength(1);
    const run = project.runs[0]!;
    expect(run.status).toBe('completed');
    expect(run.settings.epochs).toBe(1);
    expect(run.hasWeights).toBe(true);
    expect(run.test!.accuracy).toBeGreaterThan(0.5);
    // Opening for inspection leaves the file as it was.
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
