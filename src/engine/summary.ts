import { analyzeDetailed, type AnalyzeOptions } from './analyze';
import type { Graph } from './graph';
import type { Shape } from './shape';

export interface LayerSummary {
  id: string;
  name: string;
  kind: string;
  /** Null when the shape cannot be known (the layer or something upstream is broken). */
  outputShape: Shape | null;
  /** Null when the input shapes are unknown. */
  params: number | null;
}

export interface ModelSummary {
  /** In topological order, like Keras' `model.summary()`. */
  layers: LayerSummary[];
  /** Sum of the known per-layer counts; equals tfjs' `countParams()` when `complete`. */
  totalParams: number;
  /** True when every layer's shape and parameter count is known. */
  complete: boolean;
}

/** Per-layer output shapes and parameter counts, and their total. Never throws. */
export function summarizeModel(graph: Graph, opts: AnalyzeOptions = {}): ModelSummary {
  const { order, nodes, specs, params, inbound, nodeShapes } = analyzeDetailed(graph, opts);
  const layers: LayerSummary[] = [];
  let totalParams = 0;
  let complete = order.length === nodes.size;
  for (const id of order) {
    const node = nodes.get(id)!;
    const spec = specs.get(id);
    const p = params.get(id);
    const outputShape = nodeShapes[id] ?? null;
    const inputs = (inbound.get(id) ?? []).map((source) => nodeShapes[source] ?? null);
    let count: number | null = null;
    if (spec && p && outputShape && inputs.every((shape) => shape !== null)) {
      try {
        count = spec.paramCount ? spec.paramCount(inputs as Shape[], p) : 0;
      } catch {
        count = null;
      }
    }
    if (count === null || !Number.isFinite(count)) {
      count = null;
      complete = false;
    } else totalParams += count;
    layers.push({ id, name: node.name, kind: node.kind, outputShape, params: count });
  }
  return { layers, totalParams, complete };
}
