import type { KerasModelTopology } from '../compile';
import { getLayerSpec } from '../layers/registry';
import { readKerasTopology, type KerasTopologyLayer } from './fromKerasTopology';
import { kerasLayerOrder } from './kerasLayerOrder';
import { kerasSnakeCase } from '../project/migrations';
import { splitTrainingState, type StoredWeights } from '../project/weights';

/** One tensor as Keras' HDF5 weights file names it, and where its floats sit in the stored data. */
export interface KerasWeight {
  /** Keras' variable name, e.g. `dense_1/kernel:0` or `gru/gru_cell/kernel:0`. */
  name: string;
  shape: number[];
  /** Index of the first float in the stored data (bytes / 4). */
  offset: number;
  size: number;
}

/** A layer's group in the weights file; weightless layers have no weights but are still listed, as Keras does. */
export interface KerasLayerWeights {
  layer: string;
  weights: KerasWeight[];
}

/** A Keras class's spec (LayerLab's kinds are Keras' class names; Keras' InputLayer has no weights). */
const specOfClass = (className: string | undefined) => (className ? getLayerSpec(className) : undefined);

/** The layer a tfjs weight belongs to: tfjs scopes weights by layer name (`dense_1/kernel`); the longest match wins. */
function owningLayer(weightName: string, layerNames: readonly string[]): string | null {
  let best: string | null = null;
  for (const name of layerNames) {
    if (weightName.startsWith(`${name}/`) && (best === null || name.length > best.length)) best = name;
  }
  return best;
}

/**
 * Maps stored tfjs weights (in tfjs `model.weights` order) onto Keras' HDF5
 * weights layout: a group per layer in Keras' layer order (kerasLayerOrder:
 * `load_weights` pairs layers with weights by that position), each with its
 * weights in the layer's own order. The tensors themselves share one layout
 * in tfjs-layers and Keras 2 (Dense,
 * Conv kernels, GRU/LSTM fused gate kernels, BatchNormalization's four).
 * Within a layer, weights keep their stored order: trainable ones, then
 * non-trainable ones, as Keras lists `layer.weights`.
 * Throws when a weight matches no layer (weights of another architecture).
 */
export function kerasWeightLayout(topology: KerasModelTopology, stored: StoredWeights): KerasLayerWeights[] {
  const { specs } = splitTrainingState(stored).model;
  const layers = topology.config.layers;
  const classOf = new Map(layers.map((l) => [l.name, l.class_name]));
  const names = layers.map((l) => l.name);
  const weightsOf = new Map<string, KerasWeight[]>();
  let offset = 0;
  for (const spec of specs) {
    const layer = owningLayer(spec.name, names);
    if (!layer) throw new Error(`Weight '${spec.name}' belongs to no layer of this model`);
    // tfjs stores every trainable weight before every non-trainable one: a BatchNormalization's moving
    // statistics come long after its gamma and beta, and are gathered back here.
    if (!weightsOf.has(layer)) weightsOf.set(layer, []);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const leaf = spec.name.slice(spec.name.lastIndexOf('/') + 1);
    // Keras 2 creates a recurrent layer's weights inside its cell, so their names carry the cell's name.
    const scope = specOfClass(classOf.get(layer))?.kerasWeightOwner?.legacy;
    weightsOf.get(layer)!.push({ name: scope ? `${layer}/${scope}/${leaf}:0` : `${layer}/${leaf}:0`, shape: [...spec.shape], offset, size });
    offset += size;
  }
  // Every layer in Keras' own order, the order its `save_weights` lists them and `load_weights` pairs them by.
  const { layers: read, outputs } = readKerasTopology(topology);
  return kerasLayerOrder(read, outputs).map((layer) => ({ layer, weights: weightsOf.get(layer) ?? [] }));
}

/**
 * The `.keras` format's group for each layer of a model (Keras 2.13+):
 * `layers/<snake_case class>` with `_N` for the N-th earlier layer of the
 * same class in Keras' own layer order (not the config's: see
 * kerasLayerOrder), and the group under it that holds the weights as
 * `vars/0`, `vars/1`, … (`cell/vars` for a recurrent layer).
 */
export function kerasV3WeightGroups(topology: {
  layers: readonly Pick<KerasTopologyLayer, 'name' | 'className' | 'inbound'>[];
  outputs: readonly string[];
}): { layer: string; group: string; vars: string }[] {
  const classOf = new Map(topology.layers.map((l) => [l.name, l.className]));
  const seen = new Map<string, number>();
  return kerasLayerOrder(topology.layers, topology.outputs).map((name) => {
    const className = classOf.get(name)!;
    const base = kerasSnakeCase(className);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const group = `layers/${n === 0 ? base : `${base}_${n}`}`;
    const owner = specOfClass(className)?.kerasWeightOwner?.attribute;
    return { layer: name, group, vars: owner ? `${group}/${owner}/vars` : `${group}/vars` };
  });
}

/** Total parameters in a layout (what Keras' `count_params()` reports for the model). */
export function layoutParamCount(layout: readonly KerasLayerWeights[]): number {
  return layout.reduce((sum, l) => sum + l.weights.reduce((s, w) => s + w.size, 0), 0);
}
