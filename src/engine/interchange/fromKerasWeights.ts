import { compileGraph } from '../compile';
import type { Graph } from '../graph';
import { getLayerSpec, parseParams } from '../layers/registry';
import { weightsByteLength, type StoredWeights, type WeightSpec } from '../project/weights';
import type { Shape } from '../shape';
import { readKerasTopology } from './fromKerasTopology';
import { kerasLayerOrder } from './kerasLayerOrder';

/** One weight tensor read from a Keras file, in its layer's Keras order. */
export interface KerasTensor {
  shape: number[];
  values: Float32Array;
}

export interface KerasWeightsImport {
  /** In tfjs `model.weights` order for the graph's compiled model; null when none could be matched. */
  weights: StoredWeights | null;
  problems: string[];
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Puts a Keras file's weights (by layer name, each layer's in Keras order) in
 * the order tfjs builds the graph's model: every layer's trainable weights
 * in model order, then every layer's non-trainable ones (tfjs' `weights` is
 * `trainableWeights.concat(nonTrainableWeights)`). Each layer's count and
 * sizes are checked against the spec, so a weight never lands on the wrong
 * layer; any mismatch drops all weights and says why.
 */
export function arrangeKerasWeights(graph: Graph, byLayer: ReadonlyMap<string, readonly KerasTensor[]>): KerasWeightsImport {
  if (byLayer.size === 0) return { weights: null, problems: [] };
  const drop = (why: string): KerasWeightsImport => ({ weights: null, problems: [`The weights were not imported: ${why}`] });
  const compiled = compileGraph(graph);
  if (!compiled.ok) return drop(`the model does not compile (${compiled.issues.map((i) => i.message).join(' ')})`);
  const nodes = new Map(graph.nodes.map((node) => [node.name, node]));
  const trainable: { spec: WeightSpec; values: Float32Array }[] = [];
  const nonTrainable: typeof trainable = [];
  const problems: string[] = [];
  const used = new Set<string>();
  // tfjs builds `model.weights` in Keras' layer order (it ports Keras' graph code), not the config's.
  for (const name of kerasLayerOrder(readKerasTopology(compiled.modelTopology).layers, compiled.modelTopology.config.output_layers.map(([n]) => n))) {
    const node = nodes.get(name)!;
    const spec = getLayerSpec(node.kind)!;
    const params = parseParams(node.kind, node.params);
    if (!params.ok) return drop(`layer '${name}' has invalid params.`);
    const names = spec.kerasWeights?.(params.params) ?? { trainable: [] };
    const wanted = [...names.trainable, ...(names.nonTrainable ?? [])];
    const tensors = byLayer.get(name) ?? [];
    used.add(name);
    if (tensors.length !== wanted.length) {
      return drop(`layer '${name}' (${node.kind}) needs ${wanted.length} weight tensors but the file has ${tensors.length}.`);
    }
    const inputs = graph.edges
      .filter((edge) => edge.target === node.id)
      .map((edge) => compiled.analysis.nodeShapes[edge.source])
      .filter((shape): shape is Shape => !!shape);
    const expected = spec.paramCount?.(inputs, params.params) ?? 0;
    const found = tensors.reduce((sum, t) => sum + sizeOf(t.shape), 0);
    if (expected !== found) return drop(`layer '${name}' (${node.kind}) has ${expected} weights in LayerLab but ${found} in the file.`);
    tensors.forEach((tensor, i) => {
      const entry = { spec: { name: `${name}/${wanted[i]!}`, shape: [...tensor.shape], dtype: 'float32' as const }, values: tensor.values };
      (i < names.trainable.length ? trainable : nonTrainable).push(entry);
    });
  }
  for (const [name, tensors] of byLayer) {
    if (!used.has(name) && tensors.length > 0) problems.push(`The weights of layer '${name}' were not imported: the layer was left out.`);
  }
  const all = [...trainable, ...nonTrainable];
  const specs = all.map((entry) => entry.spec);
  const data = new Uint8Array(weightsByteLength(specs));
  let offset = 0;
  for (const { values } of all) {
    data.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    offset += values.byteLength;
  }
  return { weights: { specs, data }, problems };
}
