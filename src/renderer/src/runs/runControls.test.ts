import { beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint, RunRecord } from '../../../engine/project/schema';
import { sampleProject } from '../../../../test/fixtures/projects';
import { useAppStore } from '../store';
import { isDirty } from '../store/projectSlice';
import { checkpointKindText, checkpointRun, evaluationProgressText, resumeEpochs, runEndDetail, runStatusText, shortNumber } from './runStatus';

const state = () => useAppStore.getState();
const run = (): RunRecord => sampleProject().runs[0]!;
const checkpoint = (patch: Partial<Checkpoint> = {}): Checkpoint => ({
  id: 'run-1--e2',
  epoch: 2,
  kind: 'periodic',
  monitor: null,
  value: null,
  savedAt: '2024-01-01T00:00:00.000Z',
  test: null,
  ...patch,
});

describe('how a run ended, in words', () => {
  it('a run stopped mid-epoch says which epoch and batch', () => {
    const stopped = { ...run(), status: 'stopped' as const, partialEpoch: { epoch: 2, batch: 40, batches: 188 }, earlyStop: null };
    expect(runEndDetail(stopped)).toBe('stopped in epoch 2 (batch 40 of 188)');
    expect(runStatusText(stopped)).toBe('stopped in epoch 2 (batch 40 of 188)');
  });

  it('an early-stopped run names the best epoch, its figure, and whether its weights were restored', () => {
    const early = { ...run(), partialEpoch: null, earlyStop: { epoch: 7, monitor: 'val_loss', bestEpoch: 4, best: 0.31, restoredBest: true } };
    expect(runEndDetail(early)).toBe('early stop at epoch 7 (best val_loss 0.31 at epoch 4, restored)');
    expect(runEndDetail({ ...early, earlyStop: { ...early.earlyStop, restoredBest: false, best: 0.312345678 } })).toBe(
      'early stop at epoch 7 (best val_loss 0.3123 at epoch 4)',
    );
  });

  it('a plain run is its status', () => {
    expect(runEndDetail({ partialEpoch: null, earlyStop: null })).toBeNull();
    expect(runStatusText({ status: 'completed', partialEpoch: null, earlyStop: null })).toBe('completed');
    expect(runStatusText({ status: 'failed', partialEpoch: { epoch: 1, batch: 2, batches: 3 }, earlyStop: null })).toBe('failed');
  });

  it('numbers and progress read plainly', () => {
    expect(shortNumber(2.302585)).toBe('2.303');
    expect(shortNumber(123.456)).toBe('123.5');
    expect(evaluationProgressText({ done: 3000, total: 10000, etaMs: 12_000 })).toBe('3,000 / 10,000 samples, ETA 12 s');
    expect(evaluationProgressText({ done: 10000, total: 10000, etaMs: 0 })).toBe('10,000 / 10,000 samples');
    expect(evaluationProgressText({ done: 0, total: 0, etaMs: null })).toBe('starting');
  });

  it('checkpoints say why they were kept', () => {
    const r = { ...run(), settings: { ...run().settings, checkpointEvery: 2 } };
    expect(checkpointKindText(checkpoint(), r)).toBe('every 2 epochs');
    expect(checkpointKindText(checkpoint(), { settings: { ...r.settings, checkpointEvery: 1 } })).toBe('every epoch');
    expect(checkpointKindText(checkpoint({ kind: 'best', monitor: 'val_acc', value: 0.9712 }), r)).toBe('best by val_acc = 0.9712');
  });
});

describe('checkpoints as runs', () => {
  it('the playground and evaluation get the run under the checkpoint id, with weights', () => {
    const r = { ...run(), hasWeights: false };
    const c = checkpoint({ id: 'x--e3', epoch: 3 });
    expect(checkpointRun(r, c)).toMatchObject({ id: 'x--e3', hasWeights: true, name: `${r.name} @ epoch 3`, graph: r.graph });
  });

  it('resuming trains the epochs left, at least one', () => {
    const r = { ...run(), settings: { ...run().settings, epochs: 10 } };
    expect(resumeEpochs(r, { epoch: 4 })).toBe(6);
    expect(resumeEpochs(r, { epoch: 10 })).toBe(1);
  });
});

describe('run control state', () => {
  beforeEach(() => {
    const project = sampleProject();
    project.runs[0] = { ...project.runs[0]!, checkpoints: [checkpoint({ id: `${project.runs[0]!.id}--e2` })] };
    state().loadProject(project, '/tmp/sample.layerlab');
  });

  it("a checkpoint's test result is stored in the project and makes it dirty", () => {
    const r = state().runs[0]!;
    expect(isDirty(state())).toBe(false);
    const test = { loss: 0.2, accuracy: 0.9, samples: 100, evaluatedAt: '2024-01-02T00:00:00.000Z' };
    state().setCheckpointTest(r.id, r.checkpoints[0]!.id, test);
    expect(state().runs[0]!.checkpoints[0]!.test).toEqual(test);
    expect(state().toProject().runs[0]!.checkpoints[0]!.test).toEqual(test);
    expect(isDirty(state())).toBe(true);
  });

  it('pause and resume requests end with the status that says they landed', () => {
    state().beginRun('live-1', 'Run 9');
    state().handleEvent({ event: 'training.status', payload: { runId: 'live-1', phase: 'training', message: 'Training', backend: null } });
    state().markControl('pausing');
    expect(state().live!.control).toBe('pausing');
    state().handleEvent({ event: 'training.status', payload: { runId: 'live-1', phase: 'paused', message: 'Paused after batch 3 of 10, epoch 1 of 2', backend: null } });
    expect(state().live).toMatchObject({ phase: 'paused', control: null, message: 'Paused after batch 3 of 10, epoch 1 of 2' });
    state().markControl('resuming');
    state().handleEvent({ event: 'training.status', payload: { runId: 'live-1', phase: 'training', message: 'Resumed', backend: null } });
    expect(state().live).toMatchObject({ phase: 'training', control: null });
  });

  it('evaluation progress goes to the live run (evaluationId null) or to the evaluation with that id', () => {
    state().beginRun('live-1', 'Run 9');
    const progress = { runId: 'live-1', evaluationId: null, done: 3000, total: 10000, elapsedMs: 100, etaMs: 12_000 };
    state().handleEvent({ event: 'evaluation.progress', payload: progress });
    expect(state().live!.testProgress).toEqual(progress);
    // Another run's end-of-training evaluation is not this one's.
    state().handleEvent({ event: 'evaluation.progress', payload: { ...progress, runId: 'other', done: 1 } });
    expect(state().live!.testProgress!.done).toBe(3000);

    state().trackEvaluation({ evaluationId: 'e-1', runId: 'r', checkpointId: 'r--e1', state: 'running', done: 0, total: 0, etaMs: null, error: null, result: null });
    state().handleEvent({ event: 'evaluation.progress', payload: { ...progress, runId: 'r', evaluationId: 'e-1', done: 500, total: 1000, etaMs: 50 } });
    expect(state().evaluations['r--e1']).toMatchObject({ done: 500, total: 1000, etaMs: 50 });
    // Unknown ids and evaluations that ended are left alone.
    state().handleEvent({ event: 'evaluation.progress', payload: { ...progress, runId: 'r', evaluationId: 'e-2', done: 7 } });
    state().patchEvaluation('e-1', { state: 'cancelled' });
    state().handleEvent({ event: 'evaluation.progress', payload: { ...progress, runId: 'r', evaluationId: 'e-1', done: 900, total: 1000 } });
    expect(state().evaluations['r--e1']).toMatchObject({ state: 'cancelled', done: 500 });
  });
});
