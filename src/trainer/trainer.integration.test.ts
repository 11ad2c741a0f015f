import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasMnist, mnistDir } from '../../test/dataDirs';
import { loadNativeTf } from '../../test/nativeBackend';
import { getTemplate, mlpMnistTemplate } from '../engine/templates';
import type { AnyEvent } from '../shared/contract';
import { SettingsStore } from '../node/settingsStore';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { TrainingService } from '../node/trainingService';
import { WeightsStore } from '../node/weightsStore';

const MLP_PARAMS = 784 * 128 + 128 + 128 * 10 + 10;



/** Live trainer processes started by `parent`, read from /proc (Linux). */
function trainerPids(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command name (which may hold spaces) start at the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (Number(fields[1]) === parent && fields[0] !== 'Z' && /trainer/.test(command)) pids.push(Number(name));
    } catch {
      // The process ended while listing.
    }
  }
  return pids;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe.skipIf(!hasMnist())('trainer process on real MNIST (needs ../shared/datasets/mnist)', () => {
  let settings: SettingsStore;
  beforeAll(async () => {
    settings = new SettingsStore(mkdtempSync(path.join(os.tmpdir(), 'layerlab-home-')));
    await settings.update({ dataDirs: [mnistDir()] });
  });

  function service(events: AnyEvent[], backend: 'auto' | 'cpu' | 'native' = 'auto') {
    const launch = resolveTrainerLaunch(path.join(__dirname, '..', 'node'));
    return new TrainingService({ ...launch, env: { LAYERLAB_BACKEND: backend } }, settings, (e) => events.push(e));
  }

  const trainsOneEpoch = (backend: 'cpu' | 'native', name: string) => async () => {
    const events: AnyEvent[] = [];
    const training = service(events, backend);
    const { finished } = await training.start({
      graph: mlpMnistTemplate.graph,
      settings: { ...mlpMnistTemplate.training, epochs: 1, trainLimit: 6000 },
      runName: 'integration',
      initialWeightsFrom: null,
    });
    const run = await finished;

    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.backend).toBe(name);
    // The record says how the batches trained: the raw step natively, tfjs' step (and why) elsewhere.
    expect(run.kernels[0]).toMatch(name === 'tensorflow' ? /^raw TensorFlow training step$/ : /^tfjs training step \(the raw step needs native TensorFlow/);
    // Natively, the thread pool TensorFlow loaded with: one thread for this convolution-free model on a small machine.
    if (name === 'tensorflow') expect(run.kernels[1]).toMatch(os.availableParallelism() <= 2 ? /^TensorFlow intra-op threads: 1 \(\d CPUs and no convolution/ : /^TensorFlow intra-op threads: default /);
    else expect(run.kernels.some((note) => note.includes('intra-op'))).toBe(false);
    expect(run.trainSamples).toBe(4800);
    expect(run.validationSamples).toBe(1200);
    const losses = run.batches.map((b) => b.loss);
    expect(losses).toHaveLength(Math.ceil(4800 / mlpMnistTemplate.training.batchSize));
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.75);
    expect(run.epochs).toHaveLength(1);
    expect(run.epochs[0]!.metrics.acc).toBeGreaterThan(0.5);
    expect(run.epochs[0]!.metrics.val_acc).toBeGreaterThan(0.6);
    // The test set is evaluated within the sample limit too (a quick run stays quick).
    expect(run.test?.samples).toBe(6000);
    expect(run.test?.accuracy).toBeGreaterThan(0.6);

    // Live telemetry reached the host while training, not only at the end.
    const progress = events.filter((e) => e.event === 'training.progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(events.some((e) => e.event === 'training.status' && e.payload.backend !== null)).toBe(true);
    expect(events.at(-1)?.event).toBe('training.finished');

    const weights = await new WeightsStore((await settings.datasetDirs()).weightsDir).read(run.id);
    expect(weights.data.byteLength).toBe(MLP_PARAMS * 4);

    // Evaluating again from the saved weights reproduces the test result without retraining.
    const again = await training.evaluate(run);
    expect(again.loss).toBeCloseTo(run.test!.loss, 4);
    expect(again.accuracy).toBeCloseTo(run.test!.accuracy!, 4);
  };

  // Pure-JS tfjs takes 30–40 s alone on 2 cores, minutes on a loaded CI machine.
  it('trains one epoch of the MLP on pure-JS tfjs: loss falls, accuracy ends far above chance', trainsOneEpoch('cpu', 'cpu'), 300_000);
  it.skipIf(!loadNativeTf().tf)(
    'trains one epoch of the MLP on native tfjs-node (skipped where tfjs-node is not built; npm run native:offline builds it)',
    trainsOneEpoch('native', 'tensorflow'),
  );

  it.skipIf(!loadNativeTf().tf)('trains the editor’s CNN template natively: images reshaped to (28, 28, 1), loss falls', async () => {
    const template = getTemplate('cnn-mnist')!;
    const { finished } = await service([], 'native').start({
      graph: template.graph,
      // Adam in batches of 64: Adadelta barely moves this CNN's loss in a few batches; the point here is the pipeline.
      settings: { ...template.training, epochs: 1, batchSize: 64, trainLimit: 2560, optimizer: { kind: 'adam', learningRate: 0.001 } },
      runName: 'cnn',
      initialWeightsFrom: null,
    });
    const run = await finished;
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.backend).toBe('tensorflow');
    expect(run.kernels[0]).toBe('raw TensorFlow training step');
    // Convolutions keep TensorFlow's default pool on any machine.
    expect(run.kernels[1]).toMatch(/^TensorFlow intra-op threads: default \(/);
    const losses = run.batches.map((b) => b.loss);
    expect(losses).toHaveLength(Math.ceil(2048 / 64));
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.75);
    expect(run.test?.samples).toBe(2560);
  });

  it('stops within a batch when asked', async () => {
    const events: AnyEvent[] = [];
    const training = service(events);
    const { runId, finished } = await training.start({
      graph: mlpMnistTemplate.graph,
      settings: { ...mlpMnistTemplate.training, epochs: 50, trainLimit: 6000 },
      runName: 'stop me',
      initialWeightsFrom: null,
    });
    await expect.poll(() => events.some((e) => e.event === 'training.progress'), { timeout: 30_000 }).toBe(true);
    const stopAt = events.filter((e) => e.event === 'training.progress').length;
    expect(training.stop(runId)).toBe(true);
    const run = await finished;
    expect(run.status).toBe('stopped');
    expect(run.epochs.length).toBeLessThan(50);
    // At most the batches already in flight ran after the request.
    expect(events.filter((e) => e.event === 'training.progress').length - stopAt).toBeLessThan(5);
    expect(run.hasWeights).toBe(true);
  });

  // kill -9 of the trainer mid-run: the host survives, the run is recorded as failed with the signal, no
  // weights are left for it, the weights already stored are untouched, and the next run starts.
  it.skipIf(process.platform !== 'linux')('survives kill -9 of the trainer during training (Linux: children found in /proc)', async () => {
    const events: AnyEvent[] = [];
    const training = service(events);
    const weightsDir = (await settings.datasetDirs()).weightsDir;
    const stored = () => (existsSync(weightsDir) ? readdirSync(weightsDir).sort() : []);
    const before = stored();
    const { runId, finished } = await training.start({
      graph: mlpMnistTemplate.graph,
      settings: { ...mlpMnistTemplate.training, epochs: 50, trainLimit: 6000 },
      runName: 'kill -9',
      initialWeightsFrom: null,
    });
    await expect.poll(() => events.some((e) => e.event === 'training.progress'), { timeout: 60_000 }).toBe(true);
    const children = trainerPids(process.pid);
    expect(children.length).toBeGreaterThan(0);
    for (const pid of children) process.kill(pid, 'SIGKILL');
    const run = await finished;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/killed by SIGKILL/);
    expect(run.hasWeights).toBe(false);
    expect(stored()).toEqual(before);
    expect(stored().some((name) => name.startsWith(runId))).toBe(false);

    const next = await training.start({
      graph: mlpMnistTemplate.graph,
      settings: { ...mlpMnistTemplate.training, epochs: 50, trainLimit: 6000 },
      runName: 'after the kill',
      initialWeightsFrom: null,
    });
    training.stop(next.runId);
    expect((await next.finished).status).toBe('stopped');
  }, 120_000);

  it('reports a crashed trainer as a failed run with the reason', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-crash-'));
    const crasher = path.join(dir, 'crash.js');
    writeFileSync(crasher, "process.on('message', () => { console.error('simulated native abort'); process.exit(3); });");
    const training = new TrainingService({ modulePath: crasher }, settings, () => undefined);
    const { finished } = await training.start({
      graph: mlpMnistTemplate.graph,
      settings: mlpMnistTemplate.training,
      runName: 'crash',
      initialWeightsFrom: null,
    });
    const run = await finished;
    expect(run.status).toBe('failed');
    expect(run.error).toContain('exited with code 3');
    expect(run.error).toContain('simulated native abort');
    expect(run.hasWeights).toBe(false);
  });

  it('refuses to train a graph with errors, naming the layer', async () => {
    const training = service([]);
    const broken = structuredClone(mlpMnistTemplate.graph);
    broken.edges = broken.edges.slice(1);
    await expect(
      training.start({ graph: broken, settings: mlpMnistTemplate.training, runName: 'x', initialWeightsFrom: null }),
    ).rejects.toThrow(/dense_1/);
  });
});
