import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { mlpMnistTemplate } from '../engine/templates';
import { ApiError } from '../shared/contract';
import { SettingsStore } from './settingsStore';
import { TrainingService } from './trainingService';

// A stand-in trainer: it logs every launch and every request to a file, and
// ends a run only when asked to stop. No dataset, no TensorFlow.
const FAKE_TRAINER = `
const fs = require('node:fs');
const log = process.env.FAKE_TRAINER_LOG;
fs.appendFileSync(log, 'launch\\n');
process.on('message', (m) => {
  fs.appendFileSync(log, m.type + '\\n');
  if (m.type === 'stop') {
    process.send({ type: 'done', status: 'stopped', trainSamples: 0, validationSamples: 0, hasWeights: false, partialEpoch: null, earlyStop: null, pausedMs: 0 });
  }
});
process.on('disconnect', () => process.exit(0));
`;

const request = {
  graph: mlpMnistTemplate.graph,
  settings: mlpMnistTemplate.training,
  runName: 'race',
  initialWeightsFrom: null,
};

describe('TrainingService: one run at a time', () => {
  let log: string;
  let training: TrainingService;

  beforeEach(() => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-training-'));
    const trainer = path.join(dir, 'fake-trainer.cjs');
    writeFileSync(trainer, FAKE_TRAINER);
    log = path.join(dir, 'trainer.log');
    appendFileSync(log, '');
    const settings = new SettingsStore(path.join(dir, 'home'));
    training = new TrainingService({ modulePath: trainer, env: { FAKE_TRAINER_LOG: log } }, settings, () => undefined);
  });

  const lines = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);

  it('refuses a second start in the same tick, launches one trainer, and the first run can be stopped', async () => {
    const first = training.start(request);
    const second = training.start(request);
    await expect(second).rejects.toSatisfy((err) => err instanceof ApiError && err.code === 'busy');
    await expect(second).rejects.toThrow(/already training: race/);

    const { runId, finished } = await first;
    expect(training.activeRunId).toBe(runId);
    await expect.poll(() => lines()).toContain('train');
    expect(training.stop(runId)).toBe(true);
    const run = await finished;
    expect(run.status).toBe('stopped');
    expect(lines().filter((l) => l === 'launch')).toHaveLength(1);
    expect(training.activeRunId).toBeNull();
  });

  it('applies a stop that arrives before the trainer is launched', async () => {
    const started = training.start(request);
    const runId = training.activeRunId;
    expect(runId).not.toBeNull();
    expect(training.stop(runId!)).toBe(true);
    const run = await (await started).finished;
    expect(run.status).toBe('stopped');
    expect(lines()).toEqual(['launch', 'train', 'stop']);
  });

  it('refuses early stopping on a validation metric when nothing validates, naming the setting', async () => {
    const settings = { ...request.settings, validation: 'none' as const, earlyStopping: { patience: 2, minDelta: 0, restoreBest: true } };
    await expect(training.start({ ...request, settings })).rejects.toThrow(
      "Cannot train: Monitor val_loss is never measured: validation is off; pick a training figure (loss, acc) or validate.",
    );
    expect(lines()).toEqual([]);
  });

  it('frees the slot when starting fails, so the next start is accepted', async () => {
    const broken = structuredClone(mlpMnistTemplate.graph);
    broken.edges = broken.edges.slice(1);
    await expect(training.start({ ...request, graph: broken })).rejects.toThrow(/dense_1/);
    expect(training.activeRunId).toBeNull();
    const { runId, finished } = await training.start(request);
    training.stop(runId);
    expect((await finished).status).toBe('stopped');
  });
});
