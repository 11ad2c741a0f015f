import { describe, expect, it } from 'vitest';
import { mlpMnistTemplate } from '../engine/templates';
import { RunRecordSchema } from '../engine/project/schema';
import { RunRecorder } from './runRecorder';

describe('run recorder', () => {
  it('folds trainer messages into a valid run record', () => {
    const recorder = new RunRecorder('run-1', 'Run 1', mlpMnistTemplate.graph, mlpMnistTemplate.training);
    recorder.accept({ type: 'backend', backend: { name: 'cpu', native: false, detail: 'pure JS', gflops: null } });
    recorder.accept({
      type: 'event',
      event: {
        event: 'training.metrics',
        payload: { runId: 'run-1', batches: [{ step: 1, epoch: 1, loss: 2.3, acc: 0.1 }], epoch: { epoch: 1, metrics: { loss: 1, acc: 0.7 }, durationMs: 5 } },
      },
    });
    recorder.accept({ type: 'test', result: { loss: 0.5, accuracy: 0.9, samples: 10, evaluatedAt: new Date().toISOString() } });
    recorder.accept({ type: 'done', status: 'completed', trainSamples: 8, validationSamples: 2, hasWeights: true });
    const run = recorder.finish(null);
    expect(RunRecordSchema.parse(run)).toEqual(run);
    expect(run).toMatchObject({ status: 'completed', backend: 'cpu', hasWeights: true, trainSamples: 8 });

    const failed = new RunRecorder('run-2', 'Run 2', mlpMnistTemplate.graph, mlpMnistTemplate.training).finish('trainer crashed');
    expect(failed).toMatchObject({ status: 'failed', error: 'trainer crashed', hasWeights: false });
  });
});
