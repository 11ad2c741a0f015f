import type * as TF from '@tensorflow/tfjs';
import type { RawOps } from '../rawOps';
import { Constants } from './constants';
import { fuseLayers } from './fusions';
import { headProblem, type HeadSpec } from './heads';
import { rawLayerFactory } from './layers';
import { tapeFallback, tapeFallbackProblem } from './layers/tapeFallback';
import type { KernelContext, RawLayer } from './types';

/** The parts of tfjs' symbolic graph the plan walks; not in tfjs' public types. */
interface SymbolicTensor {
  id: number;
  shape: (number | null)[];
}
interface GraphNode {
  inputTensors: SymbolicTensor[];
  outputTensors: SymbolicTensor[];
}
interface GraphLayer {
  inboundNodes: GraphNode[];
}

/** One layer of the step: where its inputs come from, where its output goes, and how it runs. */
export interface PlannedLayer {
  layer: TF.layers.Layer;
  inputs: number[];
  output: number;
  kernel: RawLayer;
  /** Per input: whether a gradient must flow back into it. */
  needsInputGradient: boolean[];
  /** Whether the step needs this layer's backward at all. */
  hasGradient: boolean;
  /** How it runs: 'raw', or why it replays on the tape. */
  how: string;
}

export interface PlannedHead {
  spec: HeadSpec;
  /** Index into `layers` of the layer that makes this output. */
  producer: number;
  /** Classes of the output's last axis. */
  units: number;
}

export interface RawStepPlan {
  layers: PlannedLayer[];
  heads: PlannedHead[];
  inputs: number[];
  kc: KernelContext;
}

/**
 * Plans a raw training step for the model, or says why the model trains on
 * tfjs' own step. A layer without a raw kernel replays on the tape for its
 * backward; the whole model falls back only where the loss, a random layer, a
 * shared layer or a mask stands in the way.
 */
export function planRawStep(tf: typeof TF, ops: RawOps, model: TF.LayersModel, heads: HeadSpec[]): RawStepPlan | { unsupported: string } {
  const kc: KernelContext = { ops, constants: new Constants(tf) };
  const fail = (unsupported: string) => {
    kc.constants.dispose();
    return { unsupported };
  };
  const ids = (tensors: SymbolicTensor[]) => tensors.map((t) => t.id);
  const producedBy = new Map<number, number>();
  const differentiable = new Set<number>();
  const layers: PlannedLayer[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const nodes = (layer as unknown as GraphLayer).inboundNodes;
    if (nodes.length !== 1) return fail(`layer '${layer.name}' is used ${nodes.length} times`);
    const node = nodes[0]!;
    if (node.outputTensors.length !== 1) return fail(`layer '${layer.name}' has ${node.outputTensors.length} outputs`);
    if (layer.supportsMasking && (layer.getConfig() as Record<string, unknown>).maskZero) return fail(`layer '${layer.name}' makes a mask`);
    let kernel: RawLayer;
    let how = 'raw';
    const factory = rawLayerFactory(layer.getClassName());
    const made = factory ? factory(layer, kc) : { unsupported: `no raw kernel for ${layer.getClassName()}` };
    if ('forward' in made) kernel = made;
    else {
      const problem = tapeFallbackProblem(layer);
      if (problem) return fail(`layer '${layer.name}' (${layer.getClassName()}): ${made.unsupported}, and it cannot replay on the tape: ${problem}`);
      kernel = tapeFallback(tf, layer);
      how = `tape (${made.unsupported})`;
    }
    const inputs = ids(node.inputTensors);
    const needsInputGradient = inputs.map((id) => differentiable.has(id));
    const hasGradient = layer.trainableWeights.length > 0 || needsInputGradient.some(Boolean);
    const output = node.outputTensors[0]!.id;
    if (hasGradient) differentiable.add(output);
    producedBy.set(output, layers.length);
    layers.push({ layer, inputs, output, kernel, needsInputGradient, hasGradient, how });
  }
  const consumers = new Map<number, number>();
  for (const planned of layers) for (const id of planned.inputs) consumers.set(id, (consumers.get(id) ?? 0) + 1);
  const planned: PlannedHead[] = [];
  for (const [i, symbolic] of (model.outputs as unknown as SymbolicTensor[]).entries()) {
    const spec = heads[i];
    if (!spec) return fail(`output ${model.outputNames[i]} has no loss`);
    const producer = producedBy.get(symbolic.id);
    if (producer === undefined) return fail(`output ${model.outputNames[i]} is a model input`);
    const layer = layers[producer]!.layer;
    const activation = (layer.getConfig() as Record<string, unknown>).activation;
    const fusable = (activation === 'softmax' || activation === 'sigmoid') && !consumers.has(symbolic.id) && layers[producer]!.how === 'raw' ? activation : null;
    const problem = headProblem(spec, fusable);
    if (problem) return fail(`output '${model.outputNames[i]}': ${problem}`);
    planned.push({ spec, producer, units: symbolic.shape.at(-1) ?? 1 });
  }
  const fused = fuseLayers(kc, layers, new Set((model.outputs as unknown as SymbolicTensor[]).map((t) => t.id)));
  // Heads name their producer by index: map it through the fusion (a fused run's last layer makes the output).
  const at = new Map(fused.map((p, i) => [p.output, i]));
  for (const head of planned) head.producer = at.get(layers[head.producer]!.output)!;
  return { layers: fused, heads: planned, inputs: ids(model.inputs as unknown as SymbolicTensor[]), kc };
}
