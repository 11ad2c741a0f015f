import type * as TF from '@tensorflow/tfjs';
import { rawOps } from '../rawOps';
import type { HeadSpec } from './heads';
import { planRawStep, type RawStepPlan } from './plan';
import { rawForwardBackward } from './step';

export type { HeadSpec } from './heads';
export { planRawStep } from './plan';
export { rawForwardBackward } from './step';

export interface RawStepInstall {
  /** Whether batches now train on the raw step. */
  installed: boolean;
  /** One line for the run's record: how the step runs, and any layer replayed on the tape. */
  note: string;
  /** Frees the step's constants; the model keeps training on tfjs' own step afterwards. */
  dispose(): void;
}

/** What tfjs' `fit` and `trainOnBatch` call per batch; not in tfjs' public types. */
interface TrainFunctionHost {
  makeTrainFunction(): (data: TF.Tensor[]) => TF.Scalar[];
  optimizer: TF.Optimizer;
}

/**
 * Trains the model's batches with a raw step on native TensorFlow: forward
 * and hand-written backward in TensorFlow ops, no gradient tape, then the
 * model's optimizer. It replaces the train function tfjs' `fit` and
 * `trainOnBatch` build, so shuffling, batching, callbacks, validation and
 * logs stay tfjs' own. `heads` are the outputs' losses in `model.outputNames`
 * order. Off the native backend, or for a model the step cannot train,
 * nothing changes and the note says why.
 */
export function installRawTrainStep(tf: typeof TF, model: TF.LayersModel, heads: HeadSpec[]): RawStepInstall {
  const ops = rawOps(tf);
  if (!ops) return { installed: false, note: `tfjs training step (the raw step needs native TensorFlow, not '${tf.getBackend()}')`, dispose: () => {} };
  const plan = planRawStep(tf, ops, model, heads);
  if ('unsupported' in plan) return { installed: false, note: `tfjs training step: ${plan.unsupported}`, dispose: () => {} };
  const host = model as unknown as TrainFunctionHost;
  const original = host.makeTrainFunction;
  host.makeTrainFunction = () => (data) => rawTrainStep(tf, plan, host.optimizer, data);
  const taped = plan.layers.filter((l) => l.how.startsWith('tape')).map((l) => `${l.layer.name} on the tape: ${l.how.replace(/^tape \((.*)\)$/, '$1')}`);
  return {
    installed: true,
    note: `raw TensorFlow training step${taped.length ? ` (${taped.join('; ')})` : ''}`,
    dispose() {
      host.makeTrainFunction = original;
      plan.kc.constants.dispose();
    },
  };
}

function rawTrainStep(tf: typeof TF, plan: RawStepPlan, optimizer: TF.Optimizer, data: TF.Tensor[]): TF.Scalar[] {
  return tf.tidy(() => {
    const { values, gradients } = rawForwardBackward(plan, data);
    optimizer.applyGradients(gradients);
    return values;
  });
}
