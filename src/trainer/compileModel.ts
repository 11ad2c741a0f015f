import type * as TF from '@tensorflow/tfjs';
import type { LossName, MetricName, TrainingSettings } from '../engine/training';
import type { TrainingPlan } from '../engine/trainingPlan';
import { rawOps } from './native/rawOps';
import { fuseRecurrentTopology, registerFusedRecurrentLayers } from './native/recurrent';
import { makeOptimizer } from './optimizers';

type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor) => TF.Tensor;

/** tfjs' names for the Keras losses. */
const TFJS_LOSS: Record<LossName, string> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
};

/** A loss as a function, for scaling by a weight; tfjs exports no sparse cross-entropy function. */
function lossFunction(tf: typeof TF, loss: LossName, units: number): LossFn {
  switch (loss) {
    case 'categorical_crossentropy':
      return tf.metrics.categoricalCrossentropy;
    case 'sparse_categorical_crossentropy':
      return (yTrue, yPred) => tf.metrics.categoricalCrossentropy(tf.oneHot(yTrue.flatten().toInt(), units), yPred);
    case 'binary_crossentropy':
      return tf.metrics.binaryCrossentropy;
    case 'mean_squared_error':
      return tf.metrics.meanSquaredError;
    case 'mean_absolute_error':
      return tf.metrics.meanAbsoluteError;
  }
}

/** Accuracy depends on how labels are encoded, as in Keras' `'accuracy'` shortcut. */
function metricFunction(tf: typeof TF, metric: MetricName, loss: LossName, units: number): LossFn {
  switch (metric) {
    case 'accuracy':
      if (loss === 'binary_crossentropy' || units === 1) return tf.metrics.binaryAccuracy;
      return loss === 'sparse_categorical_crossentropy' ? tf.metrics.sparseCategoricalAccuracy : tf.metrics.categoricalAccuracy;
    case 'mean_squared_error':
      return tf.metrics.meanSquaredError;
    case 'mean_absolute_error':
      return tf.metrics.meanAbsoluteError;
  }
}

/** Keras' short log names: `acc`, `mse`, `mae`. */
export const METRIC_LOG_NAMES: Record<MetricName, string> = {
  accuracy: 'acc',
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
};

/**
 * How tfjs names each logged value (`loss`, `dense_2_loss`,
 * `dense_2_binaryAccuracy`, …) → the Keras names runs record (`loss`,
 * `dense_2_loss`, `dense_2_acc`). With one output Keras drops the prefix.
 */
export type LogNames = Map<string, string>;

export interface CompiledModel {
  model: TF.LayersModel;
  logNames: LogNames;
  /** Log name of the first output's accuracy, if it has one: the run's headline accuracy. */
  accuracyKey: string | null;
  /**
   * One line per recurrent layer saying which kernel runs it, for the run's
   * status: "gru_1: fused GRU (hard_sigmoid gates, raw TF ops)" or
   * "lstm_1: stock tfjs LSTM (recurrent_dropout 0.2 is not fused)".
   */
  kernelNotes: string[];
}

/**
 * Builds the model from its topology and compiles it with one loss and set of
 * metrics per output. Losses are passed as functions so a loss weight can
 * scale them (tfjs has no `loss_weights`); that is also why metrics are
 * explicit functions: tfjs' `'accuracy'` shortcut inspects the loss function.
 * On native TensorFlow, recurrent layers load as the fused classes of
 * `native/recurrent` (same weights, names and order as tfjs' own).
 */
export async function buildCompiledModel(
  tf: typeof TF,
  modelTopology: Record<string, unknown>,
  plan: Pick<TrainingPlan, 'outputs'>,
  settings: TrainingSettings,
): Promise<CompiledModel> {
  const native = rawOps(tf) !== null;
  if (native) registerFusedRecurrentLayers(tf);
  const fusion = fuseRecurrentTopology(modelTopology, native);
  const model = await tf.models.modelFromJSON({ modelTopology: fusion.topology } as TF.io.ModelJSON);
  const byName = new Map(plan.outputs.map((o) => [o.layer, o]));
  const outputs = model.outputNames.map((name) => {
    const output = byName.get(name);
    if (!output) throw new Error(`The training plan has no loss for output '${name}'`);
    return output;
  });
  const units = model.outputs.map((output) => output.shape[output.shape.length - 1] ?? 0);
  const loss = outputs.map((o, i): string | LossFn => {
    if (o.weight === 1) return TFJS_LOSS[o.loss];
    const base = lossFunction(tf, o.loss, units[i]!);
    return (yTrue, yPred) => base(yTrue, yPred).mul(o.weight);
  });
  // Per-output metric lists: tfjs accepts them in a dict at run time, though its type says one metric per output.
  const metrics = Object.fromEntries(
    outputs.map((o, i) => [o.layer, o.metrics.map((m) => metricFunction(tf, m, o.loss, units[i]!))]),
  ) as unknown as Record<string, LossFn>;
  // tfjs resolves each entry on its own, names and functions alike; its type only allows one kind per array.
  model.compile({ optimizer: makeOptimizer(tf, settings.optimizer), loss: loss as LossFn[], metrics });
  if (model.outputs.length > 1) repairMultiOutputTestFunction(tf, model);

  const logNames: LogNames = new Map();
  const single = outputs.length === 1;
  const prefix = (layer: string) => (single ? '' : `${layer}_`);
  // tfjs lists `loss`, then one loss per output when there are several, then each output's metrics in order.
  let position = single ? 1 : 1 + outputs.length;
  for (const o of outputs) {
    for (const m of o.metrics) {
      const tfjsName = model.metricsNames[position++];
      if (tfjsName) logNames.set(tfjsName, `${prefix(o.layer)}${METRIC_LOG_NAMES[m]}`);
    }
  }
  const first = outputs[0];
  const accuracyKey = first?.metrics.includes('accuracy') ? `${prefix(first.layer)}acc` : null;
  return { model, logNames, accuracyKey, kernelNotes: fusion.notes };
}

/** The parts of a compiled tfjs model its test function reads; not in tfjs' public types. */
interface CompiledInternals {
  lossFunctions: LossFn[];
  metricsTensors: [LossFn, number][];
  makeTestFunction(): void;
  testFunction: (data: TF.Tensor[]) => TF.Scalar[];
}

/**
 * tfjs 4.22's test function (validation in `fit`, and `evaluate`) pushes a
 * running sum per output loss where `metricsNames` has one total, so with
 * several outputs every validation and test value lands under the wrong name
 * and the last is lost (tensorflow/tfjs#5941). This one returns what
 * `metricsNames` lists: the total, then `metricsTensors` (each output's loss,
 * then the metrics).
 */
function repairMultiOutputTestFunction(tf: typeof TF, model: TF.LayersModel): void {
  const internals = model as unknown as CompiledInternals;
  internals.makeTestFunction = () => {
    internals.testFunction = (data) =>
      tf.tidy(() => {
        const inputs = data.slice(0, model.inputs.length);
        const targets = data.slice(model.inputs.length, model.inputs.length + model.outputs.length);
        const outputs = model.apply(inputs, { training: false }) as TF.Tensor[];
        const losses = internals.lossFunctions.map((fn, i) => tf.mean(fn(targets[i]!, outputs[i]!)) as TF.Scalar);
        const metrics = internals.metricsTensors.map(([fn, i]) => tf.mean(fn(targets[i]!, outputs[i]!)) as TF.Scalar);
        // With several outputs tfjs' metricsTensors start with each output's loss.
        return [tf.addN(losses) as TF.Scalar, ...metrics];
      });
  };
}

/** Renames tfjs logs (and their `val_` twins) to Keras names; drops what is not finite. */
export function renameLogs(logs: Record<string, unknown> | undefined, names: LogNames): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    // A layer may itself be named `val_…`: a training key is one `names` knows as it is.
    const validation = !names.has(key) && key.startsWith('val_');
    const base = validation ? key.slice(4) : key;
    const renamed = names.get(base) ?? base;
    out[validation ? `val_${renamed}` : renamed] = value;
  }
  return out;
}
