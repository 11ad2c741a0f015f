import type * as TF from '@tensorflow/tfjs';
import { compileGraph, type KerasModelTopology } from '../../../engine/compile';
import { chainGraph, layerNode } from '../../../engine/templates/build';
import { registerFusedRecurrentLayers } from './layers';
import type { RecurrentKind } from './plan';
import { fuseRecurrentTopology } from './topology';

/**
 * Helpers for this folder's tests (not used by the app): one recurrent
 * layer as LayerLab compiles it, loaded stock and fused with the same
 * weights, and its output and gradients.
 */

export interface LayerCase {
  kind: RecurrentKind;
  /** Engine params: units, activation, recurrent_activation, return_sequences. */
  params: Record<string, unknown>;
  /** Keras config fields the engine does not offer (go_backwards, use_bias, dropout). */
  keras?: Record<string, unknown>;
  batch: number;
  steps: number;
  features: number;
}

/** The topology LayerLab compiles for Input(steps, features) → the layer (named 'rnn'), with `keras` fields patched in. */
export function layerTopology(c: LayerCase): KerasModelTopology {
  const compiled = compileGraph(
    chainGraph([layerNode('Input', 'input_1', { shape: [c.steps, c.features] }), layerNode(c.kind, 'rnn', c.params)]),
  );
  if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.message).join('; '));
  const layer = compiled.modelTopology.config.layers.find((l) => l.name === 'rnn')!;
  Object.assign(layer.config, c.keras ?? {});
  return compiled.modelTopology;
}

export async function loadModel(tf: typeof TF, topology: object): Promise<TF.LayersModel> {
  return tf.models.modelFromJSON({ modelTopology: topology } as TF.io.ModelJSON);
}

/** The stock and the fused model of one case, with the same random weights (bias included, so every gate's bias matters). */
export async function stockAndFused(tf: typeof TF, c: LayerCase, seed = 1): Promise<{ stock: TF.LayersModel; fused: TF.LayersModel }> {
  registerFusedRecurrentLayers(tf);
  const topology = layerTopology(c);
  const stock = await loadModel(tf, topology);
  const fused = await loadModel(tf, fuseRecurrentTopology(topology as unknown as Record<string, unknown>, true).topology);
  const weights = stock.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.8, 0.8, 'float32', seed * 100 + i));
  stock.setWeights(weights);
  fused.setWeights(weights);
  tf.dispose(weights);
  return { stock, fused };
}

/** Output, and the gradients of sum(output ∘ coefficients) with respect to x and every trainable weight in order. */
export function outputAndGradients(tf: typeof TF, model: TF.LayersModel, x: TF.Variable, coefficients: TF.Tensor): { output: TF.Tensor; grads: TF.Tensor[] } {
  const output = model.apply(x) as TF.Tensor;
  const variables = [x, ...model.trainableWeights.map((w) => w.read() as TF.Variable)];
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x) as TF.Tensor, coefficients)) as TF.Scalar, variables);
  value.dispose();
  return { output, grads: variables.map((v) => grads[v.name]!) };
}

/** max |a − b| / max(|a|, 1e-3): the error relative to the largest value. */
export function relativeError(tf: typeof TF, a: TF.Tensor, b: TF.Tensor): number {
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    const scale = Math.max(tf.max(tf.abs(a)).dataSync()[0]!, 1e-3);
    return diff / scale;
  });
}
