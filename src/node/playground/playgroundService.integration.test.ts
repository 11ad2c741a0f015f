import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasMnist, mnistDir } from '../../../test/dataDirs';
import { MNIST } from '../../engine/datasets';
import type { RunRecord } from '../../engine/project/schema';
import { mlpMnistTemplate } from '../../engine/templates';
import { loadImageDataset } from '../datasets';
import { SettingsStore } from '../settingsStore';
import { resolveTrainerLaunch } from '../trainerLaunch';
import { TrainingService } from '../trainingService';
import { PlaygroundService } from './playgroundService';

const TEST_IMAGES = 200;

describe.skipIf(!hasMnist())('playground inference sessions on a trained MLP (needs ../shared/datasets/mnist)', () => {
  let settings: SettingsStore;
  let run: RunRecord;
  const launch = resolveTrainerLaunch(path.join(__dirname, '..'));

  beforeAll(async () => {
    settings = new SettingsStore(mkdtempSync(path.join(os.tmpdir(), 'layerlab-home-')));
    await settings.update({ dataDirs: [mnistDir()] });
    const training = new TrainingService(launch, settings, () => undefined);
    const { finished } = await training.start({
      graph: mlpMnistTemplate.graph,
      settings: { ...mlpMnistTemplate.training, epochs: 1, trainLimit: 3000 },
      runName: 'playground',
      initialWeightsFrom: null,
    });
    run = await finished;
    expect(run.hasWeights).toBe(true);
  }, 120_000);

  it('classifies test digits with the saved weights, reuses the session, and restarts it after closing idle', async () => {
    const playground = new PlaygroundService(launch, settings, { idleMs: 300, maxSessions: 2 });
    const info = playground.open(run);
    expect(info.kind).toBe('digit-classifier');
    expect(info.classNames).toHaveLength(10);
    expect(info.innerLayers).toEqual(['dense_1', 'dropout_1']);

    const test = await loadImageDataset(MNIST, 'test', { dataDirs: [mnistDir()], cacheDir: os.tmpdir() }, { limit: TEST_IMAGES });
    const inputs = [Array.from(test.images, (v) => v / 255)];
    const { outputs } = await playground.predict({ runId: run.id, inputs, count: TEST_IMAGES, layers: null });
    expect(outputs[0]!.shape).toEqual([TEST_IMAGES, 10]);
    expect(playground.liveSessions).toBe(1);
    const values = outputs[0]!.values;
    let right = 0;
    for (let i = 0; i < TEST_IMAGES; i++) {
      const row = values.slice(i * 10, i * 10 + 10);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      if (row.indexOf(Math.max(...row)) === test.labels[i]) right += 1;
    }
    // One epoch on 2,400 digits: far above chance (10%), and near the run's own test accuracy.
    expect(right / TEST_IMAGES).toBeGreaterThan(0.5);
    expect(Math.abs(right / TEST_IMAGES - run.test!.accuracy!)).toBeLessThan(0.1);

    // An inner layer's output: the 128 hidden units.
    const hidden = await playground.predict({ runId: run.id, inputs: [inputs[0]!.slice(0, 784)], count: 1, layers: ['dense_1'] });
    expect(hidden.outputs[0]!.shape).toEqual([1, 128]);
    expect(Math.min(...hidden.outputs[0]!.values)).toBeGreaterThanOrEqual(0);

    // A bad input is refused with its shape named, and the session survives it.
    await expect(playground.predict({ runId: run.id, inputs: [[1, 2, 3]], count: 1, layers: null })).rejects.toThrow(/\[1,784\] needs 784 values, got 3/);
    const again = await playground.predict({ runId: run.id, inputs: [inputs[0]!.slice(0, 784)], count: 1, layers: null });
    expect(again.outputs[0]!.values).toEqual(values.slice(0, 10).map((v) => expect.closeTo(v, 5)));

    // Idle: the process is closed; the next call starts a new one with the same weights.
    expect(playground.liveSessions).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(playground.liveSessions).toBe(0);
    const restarted = await playground.predict({ runId: run.id, inputs: [inputs[0]!.slice(0, 784)], count: 1, layers: null });
    expect(restarted.outputs[0]!.values).toEqual(values.slice(0, 10).map((v) => expect.closeTo(v, 5)));
    playground.closeAll();
  }, 120_000);

  it('refuses runs it has not opened and runs without weights', async () => {
    const playground = new PlaygroundService(launch, settings);
    await expect(playground.predict({ runId: 'nope', inputs: [[]], count: 1, layers: null })).rejects.toThrow(/not open in the playground/);
    expect(() => playground.open({ ...run, hasWeights: false })).toThrow(/has no saved weights/);
  });
});
