import type { DetailedAnalysis } from './analyze';
import type { FixLayer, GraphFix } from './fixes';
import { getLayerSpec, parseParams } from './layers/registry';
import { RepeatVectorParamsSchema } from './layers/repeatVector';
import type { ShapeResult } from './layers/spec';
import { formatShape, type Shape } from './shape';

/**
 * One-click fixes for shape errors: which layer to insert (Flatten,
 * RepeatVector, Reshape) or swap in (TimeDistributed) so the failing layer
 * gets a shape it accepts. Every candidate is checked by running the shape
 * inference it would lead to, so only fixes that remove the error are offered.
 */

/** A layer whose shape inference failed, and what reaches it. */
export interface FixSite {
  nodeId: string;
  kind: string;
  params: Record<string, unknown>;
  /** Incoming shapes in connection order (all known: a layer only fails on known inputs). */
  inputs: readonly Shape[];
  /** Ids of those connections, parallel to `inputs`. */
  edgeIds: readonly string[];
  /** Steps of a sequence the layer's output meets at a merge downstream, when known. */
  mergeSteps: number | null;
}

type Candidate =
  | { type: 'insert'; label: string; branch: number; layer: FixLayer }
  | { type: 'replace'; label: string; layer: FixLayer };

/** Layers that take (None, features): anything of higher rank must be flattened first. */
const NEEDS_VECTOR = new Set(['Dense', 'RepeatVector', 'Embedding']);
const NEEDS_IMAGE = new Set(['Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalMaxPooling2D']);
const NEEDS_SEQUENCE = new Set(['Conv1D', 'SimpleRNN', 'GRU', 'LSTM', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'TimeDistributed']);
/** Sequence layers for which a repeated vector is a meaningful input (a decoder), unlike a convolution or a pooling. */
const READS_REPEATED_VECTOR = new Set(['SimpleRNN', 'GRU', 'LSTM', 'TimeDistributed']);
const MERGES = new Set(['Concatenate', 'Add']);

const insertFlatten = (branch: number): Candidate => ({
  type: 'insert',
  label: 'Insert Flatten',
  branch,
  layer: { kind: 'Flatten', params: {} },
});

const insertReshape = (branch: number, target: readonly number[]): Candidate => ({
  type: 'insert',
  label: `Insert Reshape to ${formatShape(target)}`,
  branch,
  layer: { kind: 'Reshape', params: { target_shape: [...target] } },
});

const insertRepeatVector = (branch: number, n: number): Candidate => ({
  type: 'insert',
  label: `Insert RepeatVector(${n})`,
  branch,
  layer: { kind: 'RepeatVector', params: { n } },
});

/** The non-batch dims when all are known. */
function knownDims(shape: Shape | undefined): number[] | null {
  const dims = shape?.slice(1) ?? [];
  return dims.every((d): d is number => typeof d === 'number') ? dims : null;
}

function exactSquareRoot(n: number): number | null {
  const root = Math.round(Math.sqrt(n));
  return root * root === n ? root : null;
}

/** Image shapes (h, w, channels) a flat vector of n values could be: grey square, then colour square. */
function squareImagesOf(n: number): number[][] {
  const grey = exactSquareRoot(n);
  const colour = n % 3 === 0 ? exactSquareRoot(n / 3) : null;
  return [...(grey ? [[grey, grey, 1]] : []), ...(colour ? [[colour, colour, 3]] : [])];
}

/** Dense and friends on a sequence or an image: flatten it; a Dense on a sequence can also go per step. */
function vectorFixes(site: FixSite): Candidate[] {
  const input = site.inputs[0];
  if (!NEEDS_VECTOR.has(site.kind) || !input || input.length < 3) return [];
  const fixes = [insertFlatten(0)];
  if (site.kind === 'Dense' && input.length === 3) {
    const layer = { kind: 'TimeDistributed', params: { units: site.params.units, activation: site.params.activation } };
    fixes.push({ type: 'replace', label: 'Use TimeDistributed(Dense)', layer });
  }
  return fixes;
}

/** 2-D layers on a flat vector or a single-channel grid: reshape into (rows, cols, channels). */
function imageFixes(site: FixSite): Candidate[] {
  const dims = NEEDS_IMAGE.has(site.kind) ? knownDims(site.inputs[0]) : null;
  if (dims?.length === 1) return squareImagesOf(dims[0]!).map((target) => insertReshape(0, target));
  if (dims?.length === 2) return [insertReshape(0, [...dims, 1])];
  return [];
}

/** Sequence layers on a vector (repeat it, or read it one value per step) or on an image (one row per step). */
function sequenceFixes(site: FixSite): Candidate[] {
  const dims = NEEDS_SEQUENCE.has(site.kind) ? knownDims(site.inputs[0]) : null;
  if (dims?.length === 1) {
    const repeat = READS_REPEATED_VECTOR.has(site.kind) ? [insertRepeatVector(0, repeatsFor(site))] : [];
    return [...repeat, insertReshape(0, [dims[0]!, 1])];
  }
  if (dims?.length === 3) return [insertReshape(0, [dims[0]!, dims[1]! * dims[2]!])];
  return [];
}

/** As many steps as the sequence this layer's output is merged with, when it outputs one; else RepeatVector's default. */
function repeatsFor(site: FixSite): number {
  const outputsSequence = site.kind === 'TimeDistributed' || site.params.return_sequences === true;
  if (outputsSequence && site.mergeSteps !== null) return site.mergeSteps;
  return RepeatVectorParamsSchema.parse({}).n;
}

/**
 * Merges of a vector with sequences (repeat the vector) or with images
 * (flatten the image). Each candidate changes one branch; the check keeps
 * only those that make the whole merge fit, so at most one branch gets each
 * kind of fix and the short labels stay unambiguous.
 */
function mergeFixes(site: FixSite): Candidate[] {
  if (!MERGES.has(site.kind)) return [];
  const steps = site.inputs.find((shape) => shape.length === 3 && typeof shape[1] === 'number')?.[1];
  const hasVector = site.inputs.some((shape) => shape.length === 2);
  return site.inputs.flatMap((shape, branch): Candidate[] => {
    if (shape.length === 2 && typeof steps === 'number') return [insertRepeatVector(branch, steps)];
    if (shape.length >= 4 && hasVector) return [insertFlatten(branch)];
    return [];
  });
}

const RULES: readonly ((site: FixSite) => Candidate[])[] = [vectorFixes, imageFixes, sequenceFixes, mergeFixes];

/** Shape inference of a layer kind with params given as overrides of its defaults; null when they do not parse. */
function inferWith(kind: string, overrides: Record<string, unknown>, inputs: readonly Shape[]): ShapeResult | null {
  const spec = getLayerSpec(kind);
  const parsed = parseParams(kind, overrides);
  if (!spec || !parsed.ok) return null;
  try {
    return spec.inferShape(inputs, parsed.params);
  } catch {
    return null;
  }
}

/** Whether the layer would accept its inputs after the candidate is applied. */
function resolves(site: FixSite, candidate: Candidate): boolean {
  if (candidate.type === 'replace') return inferWith(candidate.layer.kind, candidate.layer.params, site.inputs)?.ok === true;
  const input = site.inputs[candidate.branch];
  const inserted = input && inferWith(candidate.layer.kind, candidate.layer.params, [input]);
  if (!inserted?.ok) return false;
  const inputs = site.inputs.map((shape, i) => (i === candidate.branch ? inserted.shape : shape));
  return inferWith(site.kind, site.params, inputs)?.ok === true;
}

function toFix(site: FixSite, candidate: Candidate): GraphFix {
  if (candidate.type === 'replace') return { type: 'replace', label: candidate.label, nodeId: site.nodeId, layer: candidate.layer };
  return { type: 'insert', label: candidate.label, edgeId: site.edgeIds[candidate.branch]!, layer: candidate.layer };
}

/** Fixes for a layer whose shape inference failed, best first; empty when none is known to work. */
export function suggestShapeFixes(site: FixSite): GraphFix[] {
  if (site.inputs.length !== site.edgeIds.length) return [];
  const candidates = RULES.flatMap((rule) => rule(site)).filter((candidate) => resolves(site, candidate));
  return candidates.map((candidate) => toFix(site, candidate));
}

type AnalysisView = Pick<DetailedAnalysis, 'nodes' | 'specs' | 'params' | 'inbound' | 'inboundEdges' | 'nodeShapes'>;

/** Steps of a known sequence that meets the layer's output at a merge it feeds. */
function mergeStepsAfter(nodeId: string, analysis: AnalysisView): number | null {
  for (const [target, sources] of analysis.inbound) {
    if (!sources.includes(nodeId) || analysis.specs.get(target)?.category !== 'Merge') continue;
    for (const source of sources) {
      const steps = source === nodeId ? null : analysis.nodeShapes[source]?.[1];
      if (analysis.nodeShapes[source]?.length === 3 && typeof steps === 'number') return steps;
    }
  }
  return null;
}

/** Fixes for the shape error of `nodeId`, read from a finished analysis. */
export function shapeFixesFor(nodeId: string, analysis: AnalysisView): GraphFix[] {
  const node = analysis.nodes.get(nodeId);
  const params = analysis.params.get(nodeId);
  const sources = analysis.inbound.get(nodeId) ?? [];
  const inputs = sources.map((source) => analysis.nodeShapes[source] ?? null);
  if (!node || !params || !inputs.every((shape): shape is Shape => shape !== null)) return [];
  return suggestShapeFixes({
    nodeId,
    kind: node.kind,
    params,
    inputs,
    edgeIds: analysis.inboundEdges.get(nodeId) ?? [],
    mergeSteps: mergeStepsAfter(nodeId, analysis),
  });
}
