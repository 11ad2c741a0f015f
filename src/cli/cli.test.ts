import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMnist, mnistDir } from '../../test/dataDirs';
import type { Graph } from '../engine/graph';
import { getTemplate, TEMPLATES } from '../engine/templates';
import { openProjectFile } from '../node/projectStore';
import { SettingsStore } from '../node/settingsStore';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { TrainingService } from '../node/trainingService';
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

/**
 * The backend a CLI run must report on this machine: the one LAYERLAB_BACKEND forces, else (auto) native
 * when tfjs-node loads with its 'tensorflow' backend in a plain node, else the WebAssembly fallback, which
 * is what a clone without the native build (LAYERLAB_SKIP_NATIVE=1, or a failed build) trains on.
 */
function expectedBackend(): 'tensorflow' | 'wasm' | 'cpu' {
  const forced = process.env.LAYERLAB_BACKEND;
  if (forced === 'native') return 'tensorflow';
  if (forced === 'wasm' || forced === 'cpu') return forced;
  const probe = spawnSync(process.execPath, ['-e', "process.exit(require('@tensorflow/tfjs-node').getBackend() === 'tensorflow' ? 0 : 1)"], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    timeout: 60_000,
  });
  return probe.status === 0 ? 'tensorflow' : 'wasm';
}

/** Parameters of a Dense-only chain, counted from the graph's own settings: (inputs + 1 bias) × units per Dense. */
function denseChainParams(graph: Graph): number {
  let features = (graph.nodes[0]!.params.shape as number[])[0]!;
  let total = 0;
  for (const node of graph.nodes.slice(1)) {
    if (node.kind !== 'Dense') continue;
    const units = node.params.units as number;
    total += (features + (node.params.use_bias === false ? 0 : 1)) * units;
    features = units;
  }
  return total;
}

describe('npm run train -- --list-templates / --summary', () => {
  it('lists every template id with its title, one per line', () => {
    const result = cli(['--list-templates'], mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-')));
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(TEMPLATES.map((t) => t.id));
    for (const [i, template] of TEMPLATES.entries()) expect(lines[i]).toContain(template.title);
  });

  it("prints the model summary ending in the total and writes nothing", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-'));
    const file = path.join(home, 'never.layerlab');
    const result = cli([file, '--template', 'mlp-mnist', '--summary'], home);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const template = getTemplate('mlp-mnist')!;
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`Total params: ${denseChainParams(template.graph)}`);
    expect(lines[1]).toMatch(/^Layer \(type\)\s+Output Shape\s+Param #\s+Connected to$/);
    // One row per layer, in the graph's order, with its kind.
    const rows = lines.slice(3).filter((line) => /^\w+ \(\w+\)/.test(line)).map((line) => line.split(' ')[0]);
    expect(rows).toEqual(template.graph.nodes.map((n) => n.name));
    expect(result.stdout).toContain(`${template.graph.nodes[1]!.name} (Dense)`);
    // Nothing trained, nothing saved.
    expect(result.stdout).not.toMatch(/epoch|Saved|Created/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(home)).toEqual([]);
  });

  it('names the known templates and exits 2 for an unknown one', () => {
    const result = cli(['--template', 'no-such-net', '--summary'], mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown template 'no-such-net'");
    for (const template of TEMPLATES) expect(result.stderr).toContain(template.id);
  });

  it('treats a malformed option as a usage mistake (exit 2)', () => {
    const result = cli(['--no-such-option'], mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--no-such-option');
  });
});

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

  const expected = hasMnist() ? expectedBackend() : null;
  it.skipIf(!expected)(`creates a project from a template, trains it on ${expected ?? 'the backend that loads'} and writes the run back`, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'layerlab-cli-'));
    const file = path.join(home, 'mlp.layerlab');
    const result = cli([file, '--template', 'mlp-mnist', '--epochs', '1', '--train-limit', '6000'], home);
    expect(result.stderr).not.toContain('error:');
    expect(result.status).toBe(0);
    // The backend that should train here does, and the CLI names it as the trainer's own probe does.
    const reported = /^ {2}backend: (\S+) — /m.exec(result.stdout)?.[1];
    expect(reported).toBe(expected);
    if (reported === 'wasm' && (process.env.LAYERLAB_BACKEND || 'auto') === 'auto') {
      // A fallback says why native was passed over.
      expect(result.stdout).toMatch(/^ {2}backend: wasm — .*tfjs-node/m);
    }
    const settings = new SettingsStore(home);
    const probed = await new TrainingService(resolveTrainerLaunch(path.join(root, 'src', 'node')), settings, () => undefined).probeBackend();
    expect(probed.name).toBe(reported);
    expect(probed.gflops).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/epoch 1: .*val_acc/);
    expect(result.stdout).toMatch(/test \(6000 samples\): loss [\d.]+, accuracy 0\.\d+/);

    const before = readFileSync(file);
    const { project } = await openProjectFile(file, new WeightsStore(path.join(home, 'weights-check')));
    expect(project.runs).toHaveLength(1);
    const run = project.runs[0]!;
    expect(run.status).toBe('completed');
    expect(run.backend).toBe(reported);
    expect(run.settings.epochs).toBe(1);
    expect(run.hasWeights).toBe(true);
    expect(run.test!.accuracy).toBeGreaterThan(0.5);
    // Opening for inspection leaves the file as it was.
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
