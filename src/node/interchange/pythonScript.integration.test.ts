import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getTemplate } from '../../engine/templates';
import { summarizeModel } from '../../engine/summary';
import { exportRunToPython } from './exportPython';

// Real Keras lives in bench/.venv (TensorFlow 2.15), which CI does not create.
const root = path.resolve(__dirname, '../../..');
const python = path.join(root, 'bench', '.venv', 'bin', 'python');
const hasKeras = existsSync(python);
const out = mkdtempSync(path.join(os.tmpdir(), 'python-script-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The bench's dataset folders (bench/layerlab.ts datasetDirs): where MNIST is found without a download. */
const dirs = {
  dataDirs: process.env.LAYERLAB_DATA_DIR?.split(':').filter(Boolean) ?? [path.join(root, 'bench', '.cache', 'datasets'), path.join(root, '..', 'shared', 'datasets'), '/usr/share/datasets'],
  cacheDir: path.join(root, 'bench', '.cache', 'home'),
  weightsDir: path.join(out, 'weights'),
};

function runPython(args: string[]) {
  const result = spawnSync(python, args, { cwd: out, encoding: 'utf8', timeout: 240_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  if (result.status !== 0) throw new Error(`python ${args[0]} failed: ${result.stderr.slice(-1500)}`);
  return result.stdout;
}

describe.skipIf(!hasKeras)('the exported Python script runs in Keras (needs bench/.venv: skipped without it)', () => {
  it('mlp-mnist: trains two steps and prints LayerLab’s parameter count; the .npz holds the scaled, one-hot arrays', { timeout: 300_000 }, async () => {
    const template = getTemplate('mlp-mnist')!;
    const settings = { ...template.training, trainLimit: 300, testLimit: 100 };
    const written = await exportRunToPython({ run: { name: 'mlp mnist', graph: template.graph, settings }, path: path.join(out, 'mlp.py') }, dirs);
    expect(written.dataPath).toBe(path.join(out, 'mlp.npz'));

    const stdout = runPython([written.path, '--max-steps', '2', '--epochs', '1']);
    expect(stdout).toContain(`Total params: ${summarizeModel(template.graph).totalParams}`);
    expect(stdout).toMatch(/^Test: loss: /m);

    const described = runPython([
      '-c',
      'import numpy as np, json; a = np.load("mlp.npz"); print(json.dumps({k: [list(a[k].shape), str(a[k].dtype), float(a[k].max()), float(a[k].sum())] for k in a.files}))',
    ]);
    const arrays = JSON.parse(described) as Record<string, [number[], string, number, number]>;
    expect(arrays.train_x0!.slice(0, 3)).toEqual([[300, 784], 'float32', 1]);
    // One-hot labels: exactly one 1 per sample.
    expect(arrays.train_y0!.slice(0, 4)).toEqual([[300, 10], 'float32', 1, 300]);
    expect(arrays.test_x0![0]).toEqual([100, 784]);
  });
});
