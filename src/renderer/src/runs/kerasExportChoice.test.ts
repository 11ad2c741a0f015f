import { describe, expect, it } from 'vitest';
import type { Checkpoint, RunRecord } from '../../../engine/project/schema';
import { sampleProject } from '../../../../test/fixtures/projects';
import { checkpointFileSuffix, exportPlan, FINAL_WEIGHTS, initialWeightsChoice } from './kerasExportChoice';

const checkpoint = (epoch: number, kind: Checkpoint['kind']): Checkpoint => ({
  id: `r1--${kind === 'best' ? 'best' : `e${epoch}`}`,
  epoch,
  kind,
  monitor: kind === 'best' ? 'val_loss' : null,
  value: kind === 'best' ? 0.31 : null,
  savedAt: '2026-01-01T00:00:00.000Z',
  test: null,
});
const e1 = checkpoint(1, 'periodic');
const best = checkpoint(2, 'best');
const run = (patch: Partial<RunRecord> = {}): RunRecord => ({ ...sampleProject().runs[0]!, id: 'r1', name: 'Run 1', hasWeights: true, checkpoints: [e1, best], ...patch });
const where = { projectFile: '/home/u/p/mnist.layerlab', projectsDir: '/home/u/projects' };

describe('Export to Keras: which weights, and where', () => {
  it('names a checkpoint in the file: -e<epoch>, or -best', () => {
    expect(checkpointFileSuffix(e1)).toBe('-e1');
    expect(checkpointFileSuffix(best)).toBe('-best');
    expect(exportPlan(run(), 'weights-h5', e1.id, where)).toMatchObject({ checkpoint: e1, defaultPath: '/home/u/p/Run-1-e1-weights.h5', missingWeights: false });
    expect(exportPlan(run(), 'model-h5', best.id, where).defaultPath).toBe('/home/u/p/Run-1-best.h5');
    expect(exportPlan(run(), 'model-h5', FINAL_WEIGHTS, where)).toMatchObject({ checkpoint: null, defaultPath: '/home/u/p/Run-1.h5' });
  });

  it('leaves the checkpoint out of the topology and the script, which use no weights', () => {
    expect(exportPlan(run(), 'json', e1.id, where)).toMatchObject({ checkpoint: null, usesWeights: false, defaultPath: '/home/u/p/Run-1.keras.json', missingWeights: false });
    expect(exportPlan(run({ hasWeights: false }), 'python', e1.id, where)).toMatchObject({ checkpoint: null, usesWeights: false, defaultPath: '/home/u/p/Run-1.py', missingWeights: false });
  });

  it('exports a checkpoint of a run without final weights, and starts on its last one', () => {
    const unfinished = run({ hasWeights: false });
    expect(initialWeightsChoice(unfinished)).toBe(best.id);
    expect(initialWeightsChoice(run())).toBe(FINAL_WEIGHTS);
    expect(exportPlan(unfinished, 'model-h5', e1.id, where).missingWeights).toBe(false);
    expect(exportPlan(unfinished, 'model-h5', FINAL_WEIGHTS, where).missingWeights).toBe(true);
    expect(initialWeightsChoice(run({ hasWeights: false, checkpoints: [] }))).toBe(FINAL_WEIGHTS);
  });

  it('takes a checkpoint the run no longer has as the final weights', () => {
    expect(exportPlan(run(), 'model-h5', 'r1--e9', where)).toMatchObject({ checkpoint: null, defaultPath: '/home/u/p/Run-1.h5', missingWeights: false });
  });
});
