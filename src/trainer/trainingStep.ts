import type * as TF from '@tensorflow/tfjs';
import type { TrainingPlan } from '../engine/trainingPlan';
import type { CompiledModel } from './compileModel';
import { installRawTrainStep, type RawStepInstall } from './native/rawStep';

/**
 * How the run's batches train: the raw TensorFlow step where the backend and
 * the model allow it, else tfjs' own. `LAYERLAB_RAW_STEP=off` keeps tfjs'
 * step (for comparisons). `notes` are the lines the run record keeps.
 */
export function prepareTrainingStep(tf: typeof TF, compiled: CompiledModel, plan: Pick<TrainingPlan, 'outputs'>): RawStepInstall & { notes: string[] } {
  const extra = compiled.kernelNotes;
  if (process.env.LAYERLAB_RAW_STEP === 'off') {
    return { installed: false, note: 'tfjs training step (LAYERLAB_RAW_STEP=off)', notes: ['tfjs training step (LAYERLAB_RAW_STEP=off)', ...extra], dispose: () => {} };
  }
  const byLayer = new Map(plan.outputs.map((o) => [o.layer, o]));
  const heads = compiled.model.outputNames.map((name) => byLayer.get(name)!);
  const install = installRawTrainStep(tf, compiled.model, heads);
  return { ...install, notes: [install.note, ...extra] };
}
