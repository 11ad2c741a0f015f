import { beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../engine/project/schema';
import { sampleProject } from '../../../../test/fixtures/projects';
import { useAppStore } from '../store';
import { isDirty } from '../store/projectSlice';
import { bestValidation, formatDuration, nextSort, RUN_COLUMNS, runDurationMs, sortRuns, templateTitle } from './runColumns';
import { curvesCsv, metricNames, metricTitle, metricValues, overlayRows } from './runCurves';

const runs = () => sampleProject().runs;
const withEpochs = (run: RunRecord, metrics: Record<string, number>[]): RunRecord => ({ ...run, epochs: metrics.map((m, i) => ({ epoch: i + 1, metrics: m, durationMs: 1 })) });

describe('run columns', () => {
  it('time a run without its pauses', () => {
    const [run] = runs();
    expect(runDurationMs(run!)).toBe(60_000);
    expect(runDurationMs({ ...run!, pausedMs: 15_000 })).toBe(45_000);
    expect(runDurationMs({ ...run!, finishedAt: 'not a date' })).toBeNull();
    expect([800, 42_000, 185_000, 3_720_000, null].map(formatDuration)).toEqual(['0.8 s', '42 s', '3m 05s', '1h 02m', '—']);
  });

  it('take the best val_acc, else the lowest val_loss, else nothing', () => {
    const [run] = runs();
    expect(bestValidation(run!)).toEqual({ metric: 'val_acc', value: 0.78, epoch: 2 });
    expect(bestValidation(withEpochs(run!, [{ loss: 1, val_loss: 0.3 }, { loss: 0.5, val_loss: 0.4 }]))).toEqual({ metric: 'val_loss', value: 0.3, epoch: 1 });
    expect(bestValidation(withEpochs(run!, [{ loss: 1 }]))).toBeNull();
  });

  it('show no training settings for weights imported from Keras, which were not trained with them', () => {
    const [run] = runs();
    const imported: RunRecord = { ...run!, backend: 'keras', epochs: [], trainSamples: 0 };
    const cells = (r: RunRecord) => Object.fromEntries(RUN_COLUMNS.map((c) => [c.key, c.text(r)]));
    expect(cells(imported)).toMatchObject({ epochs: '—', batch: '—', optimizer: '—', lr: '—', duration: '—', backend: 'keras' });
    expect(cells(run!)).toMatchObject({ epochs: `${run!.epochs.length}/${run!.settings.epochs}`, batch: String(run!.settings.batchSize) });
  });

  it('name templates by title, unknown ids as they are', () => {
    expect(templateTitle('cnn-mnist')).toBe('CNN with MNIST');
    expect(templateTitle('mnist-mlp')).toBe('mnist-mlp');
    expect(templateTitle(null)).toBeNull();
  });

  it('sort by a column either way, runs without a value last, ties in their order', () => {
    const [a, b] = runs();
    const c = { ...a!, id: 'c', name: 'Run c', settings: { ...a!.settings, batchSize: 8 }, test: { ...a!.test!, accuracy: 0.9 } };
    const ids = (list: RunRecord[]) => list.map((r) => r.id);
    expect(ids(sortRuns([a!, b!, c], { key: 'batch', descending: false }))).toEqual(['c', 'run-a', 'run_b']);
    expect(ids(sortRuns([a!, b!, c], { key: 'test', descending: true }))).toEqual(['c', 'run-a', 'run_b']);
    expect(ids(sortRuns([a!, b!, c], { key: 'test', descending: false }))).toEqual(['run-a', 'c', 'run_b']);
    expect(nextSort({ key: 'test', descending: false }, 'test')).toEqual({ key: 'test', descending: true });
    expect(nextSort({ key: 'test', descending: true }, 'batch')).toEqual({ key: 'batch', descending: false });
  });
});

describe('run curves', () => {
  it('list metrics loss, val_loss, acc, val_acc first, others after, training before validation', () => {
    const [run] = runs();
    const other = withEpochs(run!, [{ mean_squared_error: 1, val_mean_squared_error: 2, loss: 1, loss_sum: 5 }]);
    expect(metricNames([other, run!])).toEqual(['loss', 'val_loss', 'acc', 'val_acc', 'loss_sum', 'mean_squared_error', 'val_mean_squared_error']);
    expect(metricTitle('val_acc')).toBe('Validation accuracy');
    expect(metricTitle('val_mean_squared_error')).toBe('Validation mean_squared_error');
  });

  it('line up series of different lengths by epoch', () => {
    expect(overlayRows([{ key: 'r0', values: [0.9, 0.5] }, { key: 't0', values: [0.4, 0.2, 0.1] }])).toEqual([
      { epoch: 1, r0: 0.9, t0: 0.4 },
      { epoch: 2, r0: 0.5, t0: 0.2 },
      { epoch: 3, t0: 0.1 },
    ]);
    expect(metricValues(runs()[0]!.epochs, 'val_acc')).toEqual([0.65, 0.78]);
  });

  it('write CSV with epoch and every metric, empty where an epoch lacks one', () => {
    const run = withEpochs(runs()[0]!, [{ loss: 0.5, acc: 0.75 }, { loss: 0.25, acc: 0.875, val_loss: 0.3 }]);
    expect(curvesCsv(run.epochs)).toBe('epoch,loss,val_loss,acc\n1,0.5,,0.75\n2,0.25,0.3,0.875\n');
  });
});

describe('importing runs into the open project', () => {
  beforeEach(() => {
    useAppStore.getState().loadProject(sampleProject(), '/tmp/sample.layerlab');
  });

  it('appends new runs with their ids, skips ids already present, and makes the project dirty', () => {
    const [a] = runs();
    const fresh = { ...a!, id: 'run-new', name: 'Run new' };
    expect(isDirty(useAppStore.getState())).toBe(false);
    const result = useAppStore.getState().importRuns([a!, fresh]);
    expect(result.added.map((r) => r.id)).toEqual(['run-new']);
    expect(result.skipped.map((r) => r.id)).toEqual(['run-a']);
    expect(useAppStore.getState().runs.map((r) => r.id)).toEqual(['run-a', 'run_b', 'run-new']);
    expect(isDirty(useAppStore.getState())).toBe(true);
  });

  it('changes nothing when every run is already here', () => {
    const before = useAppStore.getState().runs;
    expect(useAppStore.getState().importRuns(runs()).added).toEqual([]);
    expect(useAppStore.getState().runs).toBe(before);
    expect(isDirty(useAppStore.getState())).toBe(false);
  });
});
