import { analyzeDetailed, type AnalyzeOptions } from './analyze';
import type { Graph } from './graph';
import type { AnyLayerSpec } from './layers/registry';
import { DEFAULT_KERNEL_CALLS, OPTIMIZER_KERNEL_CALLS_PER_LAYER } from './layers/spec';
import { featureSize, type Shape } from './shape';

/** Activations are float32 in tfjs. */
export const BYTES_PER_VALUE = 4;

export interface LayerSummary {
  id: string;
  name: string;
  kind: string;
  /** Null when the shape cannot be known (the layer or something upstream is broken). */
  outputShape: Shape | null;
  /** Null when the input shapes are unknown. */
  params: number | null;
  /** Forward-pass FLOPs per sample (see `LayerSpec.flops` for the convention); null when unknown. */
  flops: number | null;
  /** Bytes of this layer's output for one sample (float32); null when the output shape is not fully known. */
  activationBytes: number | null;
}

export interface ModelSummary {
  /** In topological order, like Keras' `model.summary()`. */
  layers: LayerSummary[];
  /** Sum of the known per-layer counts; equals tfjs' `countParams()` when `complete`. */
  totalParams: number;
  /** True when every layer's shape and parameter count is known. */
  complete: boolean;
  /** Sum of the known per-layer FLOPs: an estimate of one sample's forward pass. */
  totalFlops: number;
  /**
   * Sum of the known per-layer output sizes, Input included: what a forward
   * pass keeps for backpropagation, per sample. Weights and optimizer state
   * are not included.
   */
  activationBytesPerSample: number;
  /**
   * Kernels one training step launches, whatever the batch size: each
   * layer's forward and backward (`LayerSpec.kernelCalls`) and the
   * optimizer's update of every layer with weights. NaN when a recurrent
   * layer's length is unknown.
   */
  kernelCallsPerStep: number;
}

/** Activation memory of a batch: the per-sample sum times the batch size. */
export function activationBytesPerBatch(summary: Pick<ModelSummary, 'activationBytesPerSample'>, batchSize: number): number {
  return summary.activationBytesPerSample * batchSize;
}

export function activationBytes(shape: Shape | null): number | null {
  const values = shape && featureSize(shape);
  return values === null || values === undefined ? null : values * BYTES_PER_VALUE;
}

/** Runs a spec's optional estimator; null when it throws or gives something that is not a count. */
function estimate(run: () => number): number | null {
  try {
    const value = run();
    return Number.isFinite(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

function layerCosts(
  spec: AnyLayerSpec | undefined,
  p: Record<string, unknown> | undefined,
  inputs: readonly (Shape | null)[],
  output: Shape | null,
): { params: number | null; flops: number | null; kernels: number } {
  if (!spec || !p || !output || !inputs.every((shape) => shape !== null)) return { params: null, flops: null, kernels: DEFAULT_KERNEL_CALLS };
  const known = inputs as Shape[];
  const params = estimate(() => (spec.paramCount ? spec.paramCount(known, p) : 0));
  const own = spec.kernelCalls ? spec.kernelCalls(known, p) : DEFAULT_KERNEL_CALLS;
  return {
    params,
    flops: estimate(() => (spec.flops ? spec.flops(known, output, p) : 0)),
    kernels: own + (params ? OPTIMIZER_KERNEL_CALLS_PER_LAYER : 0),
  };
}

/** Per-layer output shapes, parameter counts and cost estimates, and their totals. Never throws. */
export function summarizeModel(graph: Graph, opts: AnalyzeOptions = {}): ModelSummary {
  const { order, nodes, specs, params, inbound, nodeShapes } = analyzeDetailed(graph, opts);
  const layers: LayerSummary[] = [];
  let totalParams = 0;
  let totalFlops = 0;
  let activationBytesPerSample = 0;
  let kernelCallsPerStep = 0;
  let complete = order.length === nodes.size;
  for (const id of order) {
    const node = nodes.get(id)!;
    const outputShape = nodeShapes[id] ?? null;
    const inputs = (inbound.get(id) ?? []).map((source) => nodeShapes[source] ?? null);
    const costs = layerCosts(specs.get(id), params.get(id), inputs, outputShape);
    const bytes = activationBytes(outputShape);
    if (costs.params === null) complete = false;
    else totalParams += costs.params;
    totalFlops += costs.flops ?? 0;
    activationBytesPerSample += bytes ?? 0;
    kernelCallsPerStep += costs.kernels;
    layers.push({ id, name: node.name, kind: node.kind, outputShape, params: costs.params, flops: costs.flops, activationBytes: bytes });
  }
  return { layers, totalParams, complete, totalFlops, activationBytesPerSample, kernelCallsPerStep };
}
