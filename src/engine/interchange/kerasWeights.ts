import type { KerasModelTopology } from '../compile';
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

/** Keras 2 creates a recurrent layer's weights inside its cell, so their names carry the cell's name. */
const RECURRENT_CELLS: Record<string, string> = { GRU: 'gru_cell', LSTM: 'lstm_cell', SimpleRNN: 'simple_rnn_cell' };

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
 * weights layout: a group per layer in the model's layer order, each with its
 * weights in the layer's own order. Keras' `load_weights` pairs layers with
 * weights by position, and tfjs orders `model.weights` by the same layer
 * order Keras computes, so the weighted layers keep the stored order; the
 * tensors themselves share one layout in tfjs-layers and Keras 2 (Dense,
 * Conv kernels, GRU/LSTM fused gate kernels, BatchNormalization's four).
 * Throws when a weight matches no layer (weights of another architecture).
 */
export function kerasWeightLayout(topology: KerasModelTopology, stored: StoredWeights): KerasLayerWeights[] {
  const { specs } = splitTrainingState(stored).model;
  const layers = topology.config.layers;
  const classOf = new Map(layers.map((l) => [l.name, l.class_name]));
  const names = layers.map((l) => l.name);
  const weightsOf = new Map<string, KerasWeight[]>();
  const weightedOrder: string[] = [];
  let offset = 0;
  for (const spec of specs) {
    const layer = owningLayer(spec.name, names);
    if (!layer) throw new Error(`Weight '${spec.name}' belongs to no layer of this model`);
    if (weightedOrder.at(-1) !== layer) {
      if (weightsOf.has(layer)) throw new Error(`Layer '${layer}' has weights that are not stored together`);
      weightedOrder.push(layer);
      weightsOf.set(layer, []);
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const leaf = spec.name.slice(spec.name.lastIndexOf('/') + 1);
    const cell = RECURRENT_CELLS[classOf.get(layer) ?? ''];
    weightsOf.get(layer)!.push({ name: cell ? `${layer}/${cell}/${leaf}:0` : `${layer}/${leaf}:0`, shape: [...spec.shape], offset, size });
    offset += size;
  }
  // Config order for every layer, with the weighted layers' slots taken in stored order (see above).
  const queue = [...weightedOrder];
  return names.map((name) => {
    const layer = weightsOf.has(name) ? queue.shift()! : name;
    return { layer, weights: weightsOf.get(layer) ?? [] };
  });
}

/** Total parameters in a layout (what Keras' `count_params()` reports for the model). */
export function layoutParamCount(layout: readonly KerasLayerWeights[]): number {
  return layout.reduce((sum, l) => sum + l.weights.reduce((s, w) => s + w.size, 0), 0);
}
