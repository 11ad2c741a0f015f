import { describe, expect, it } from 'vitest';
import { mlpMnistTemplate } from '../engine/templates';
import { RunRecordSchema } from '../engine/project/schema';
import { RunRecorder } from './runRecorder';

describe('run recorder', () => {
  it('folds trainer messages into a valid run record', () => {
    const recorder = new RunRecorder('run-1', 'Run 1', mlpMnistTemplate.graph, mlpMnistTemplate.training, 'mlp-mnist');
    recorder.accept({ type: 'backend', backend: { name: 'cpu', native: false, detail: 'pure JS', gflops: null } });
    recorder.accept({
      type: 'event',
      event: {
        event: 'training.metrics',
        payload: { runId: 'run-1', batches: [{ step: 1, epoch: 1, loss: 2.3, acc: 0.1 }], epoch: { epoch: 1, metrics: { loss: 1, acc: 0.7 }, durationMs: 5 } },
      },
    });
    recorder.accept({ type: 'test', result: { loss: 0.5, accuracy: 0.9, samples: 10, evaluatedAt: new Date().toISOString() } });
    const savedAt = new Date().toISOString();
    const best = (epoch: number, value: number) =>
      ({ id: 'run-1--best', epoch, kind: 'best', monitor: 'val_loss', value, savedAt, test: null }) as const;
    recorder.accept({ type: 'checkpoint', checkpoint: best(1, 0.9) });
    recorder.accept({ type: 'checkpoint', checkpoint: { id: 'run-1--e2', epoch: 2, kind: 'periodic', monitor: null, value: null, savedAt, test: null } });
    recorder.accept({ type: 'checkpoint', checkpoint: best(2, 0.7) });
    const earlyStop = { epoch: 4, monitor: 'val_loss', bestEpoch: 2, best: 0.7, restoredBest: true };
    recorder.accept({
      type: 'done',
      status: 'completed',
      trainSamples: 8,
      validationSamples: 2,
      hasWeights: true,
      partialEpoch: null,
      earlyStop,
      pausedMs: 1500,
    });
    const run = recorder.finish(null);
    expect(RunRecordSchema.parse(run)).toEqual(run);
    expect(run).toMatchObject({ status: 'completed', backend: 'cpu', hasWeights: true, trainSamples: 8, template: 'mlp-mnist', earlyStop, pausedMs: 1500 });
    // A newer best replaces the older one; periodic checkpoints stay.
    expect(run.checkpoints.map((c) => [c.id, c.epoch])).toEqual([
      ['run-1--e2', 2],
      ['run-1--best', 2],
    ]);

    const failed = new RunRecorder('run-2', 'Run 2', mlpMnistTemplate.graph, mlpMnistTemplate.training).finish('trainer crashed');
    expect(failed).toMatchObject({ status: 'failed', error: 'trainer crashed', hasWeights: false });
  });
});
