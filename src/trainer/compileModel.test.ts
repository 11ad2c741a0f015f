import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../engine/compile';
import type { Graph } from '../engine/graph';
import { chainGraph, connect, layerNode } from '../engine/templates/build';
import { defaultTrainingSettings } from '../engine/training';
import type { TrainingPlan } from '../engine/trainingPlan';
import { buildCompiledModel, renameLogs } from './compileModel';
import { isFusedRecurrentLayer } from './native/recurrent';

/** Two softmax heads on one Input; the first is named like a validation log on purpose. */
const graph: Graph = {
  nodes: [
    layerNode('Input', 'input_1', { shape: [6] }),
    layerNode('Dense', 'val_main', { units: 3, activation: 'softmax' }),
    layerNode('Dense', 'aux', { units: 3, activation: 'softmax' }),
  ],
  edges: [connect('input_1', 'val_main'), connect('input_1', 'aux')],
};

const outputs: TrainingPlan['outputs'] = [
  { layer: 'val_main', target: 'label', loss: 'categorical_crossentropy', metrics: ['accuracy'], weight: 1 },
  { layer: 'aux', target: 'label', loss: 'mean_squared_error', metrics: ['mean_absolute_error', 'accuracy'], weight: 0.5 },
];

async function compiled() {
  await tf.setBackend('cpu');
  const result = compileGraph(graph);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return buildCompiledModel(tf, result.modelTopology as unknown as Record<string, unknown>, { outputs }, defaultTrainingSettings());
}

describe('buildCompiledModel (pure-JS tfjs)', () => {
  it('logs every output loss and metric under its Keras name, validation included', async () => {
    const { model, logNames, accuracyKey, kernelNotes } = await compiled();
    expect(kernelNotes).toEqual([]);
    const x = tf.randomUniform([20, 6]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
    const history = await model.fit(x, [y, y], { epochs: 1, batchSize: 10, validationSplit: 0.5, verbose: 0 });
    const logs = renameLogs(Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v[0]])), logNames);
    expect(Object.keys(logs).sort()).toEqual(
      ['loss', 'val_main_loss', 'aux_loss', 'val_main_acc', 'aux_mae', 'aux_acc'].flatMap((k) => [k, `val_${k}`]).sort(),
    );
    expect(accuracyKey).toBe('val_main_acc');
    // The repaired test function: the total is the sum of the (weighted) output losses.
    expect(logs.val_loss).toBeCloseTo(logs.val_val_main_loss! + logs.val_aux_loss!, 5);

    // evaluate() goes through the same test function: values line up with metricsNames.
    const evaluated = (model.evaluate(x, [y, y]) as tf.Scalar[]).map((t) => t.dataSync()[0]!);
    const named = renameLogs(Object.fromEntries(model.metricsNames.map((n, i) => [n, evaluated[i]])), logNames);
    const predictions = model.predict(x) as tf.Tensor[];
    const mse = tf.metrics.meanSquaredError(y, predictions[1]!).mean().dataSync()[0]!;
    expect(named.aux_loss).toBeCloseTo(0.5 * mse, 5);
    expect(named.loss).toBeCloseTo(named.val_main_loss! + named.aux_loss!, 5);
    const accuracy = tf.metrics.categoricalAccuracy(y, predictions[0]!).mean().dataSync()[0]!;
    expect(named.val_main_acc).toBeCloseTo(accuracy, 5);
  });

  it('notes each recurrent layer’s kernel: pure-JS tfjs runs the stock layers', async () => {
    await tf.setBackend('cpu');
    const result = compileGraph(
      chainGraph([
        layerNode('Input', 'input_1', { shape: [5, 3] }),
        layerNode('GRU', 'gru_1', { units: 4, return_sequences: false, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }),
        layerNode('Dense', 'dense_1', { units: 1, activation: 'sigmoid' }),
      ]),
    );
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
    const { model, kernelNotes } = await buildCompiledModel(
      tf,
      result.modelTopology as unknown as Record<string, unknown>,
      { outputs: [{ layer: 'dense_1', target: 'label', loss: 'binary_crossentropy', metrics: [], weight: 1 }] },
      defaultTrainingSettings(),
    );
    expect(kernelNotes).toEqual(['gru_1: stock tfjs GRU (fused kernels need the native TensorFlow backend)']);
    expect(isFusedRecurrentLayer(model.getLayer('gru_1'))).toBe(false);
    expect(model.getLayer('gru_1').getClassName()).toBe('GRU');
  });
});
