import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Real Keras lives in bench/.venv (TensorFlow 2.15), which CI does not create.
const root = path.resolve(__dirname, '../../..');
const python = path.join(root, 'bench', '.venv', 'bin', 'python');
const hasKeras = existsSync(python);
const out = mkdtempSync(path.join(os.tmpdir(), 'keras-interchange-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  if (result.status !== 0) throw new Error(`${path.basename(args[0] ?? command)} failed: ${result.stderr.slice(-1500)}`);
  return result.stdout;
}

interface Checked {
  tfjsParams: number;
  namesMatch: boolean;
  formats: Record<string, { loaded: boolean; error: string | null; maxAbsDiff?: number; kerasParams?: number }>;
}

const FORMATS = ['json', 'weights-h5', 'model-h5', 'model-keras'];

function exportAndCheck(id: string, extra: string[]): Checked {
  run(process.execPath, ['--import', 'tsx', 'bench/interchangeExport.ts', '--out', out, '--only', id, '--count', '20', ...extra]);
  const line = run(python, ['bench/interchange_check.py', '--dir', path.join(out, id)]).trim().split('\n').at(-1)!;
  return JSON.parse(line) as Checked;
}

function expectKerasAgrees(checked: Checked): void {
  for (const format of FORMATS) expect(checked.formats[format], format).toMatchObject({ loaded: true, error: null });
  for (const format of FORMATS.slice(1)) expect(checked.formats[format]!.maxAbsDiff, format).toBeLessThanOrEqual(1e-5);
  expect(checked.formats['model-h5']!.kerasParams).toBe(checked.tfjsParams);
  expect(checked.formats['model-keras']!.kerasParams).toBe(checked.tfjsParams);
  expect(checked.namesMatch).toBe(true);
}

describe.skipIf(!hasKeras)('Keras loads LayerLab exports (needs bench/.venv: skipped without it)', () => {
  it('mlp-mnist, a run trained 5 batches: every format loads and predicts the test samples as LayerLab does', { timeout: 300_000 }, () => {
    expectKerasAgrees(exportAndCheck('mlp-mnist', ['--steps', '5']));
  });

  it('kinds-conv2d (Conv2D, both 2D poolings, BatchNormalization, Add; random weights): the same', { timeout: 300_000 }, () => {
    expectKerasAgrees(exportAndCheck('kinds-conv2d', []));
  });
});
