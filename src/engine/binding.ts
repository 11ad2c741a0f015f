import type { GraphAnalysis, GraphIssue } from './analyze';
import { shapesCompatible } from './analyze';
import type { DataField, DataTarget, DatasetSpec, TargetEncoding } from './datasets';
import type { Graph, GraphNode } from './graph';
import { formatShape, type Shape } from './shape';
import { LOSS_TITLES, type LossName, type MetricName, type OutputSettings } from './training';

/** Which dataset field feeds an Input layer. */
export interface InputBinding {
  nodeId: string;
  layer: string;
  field: DataField;
}

/** What an output layer learns, fully resolved: the trainer needs nothing else. */
export interface OutputBinding {
  nodeId: string;
  layer: string;
  target: DataTarget;
  loss: LossName;
  metrics: MetricName[];
  weight: number;
}

export interface DatasetBinding {
  /** In the model's input order. */
  inputs: InputBinding[];
  /** In the model's output order. */
  outputs: OutputBinding[];
  issues: GraphIssue[];
}

const NATURAL_LOSS: Record<TargetEncoding, LossName> = {
  'one-hot': 'categorical_crossentropy',
  sparse: 'sparse_categorical_crossentropy',
  binary: 'binary_crossentropy',
  values: 'mean_squared_error',
};

/**
 * Cross-entropy over classes is one loss whatever the label encoding; Keras
 * makes users pick the sparse name for ids, we pick it for them.
 */
export function lossForTarget(loss: LossName | null, target: DataTarget): LossName {
  if (loss === null) return NATURAL_LOSS[target.encoding];
  if (loss === 'categorical_crossentropy' && target.encoding === 'sparse') return 'sparse_categorical_crossentropy';
  if (loss === 'sparse_categorical_crossentropy' && target.encoding === 'one-hot') return 'categorical_crossentropy';
  return loss;
}

/**
 * Sparse and binary labels are one number per sample: only some losses can
 * compare that with the output. tfjs recognises sparse labels only with its
 * own, unweighted sparse cross-entropy, so a weight cannot scale it.
 */
export function lossProblem(loss: LossName, weight: number, target: DataTarget): string | null {
  const title = LOSS_TITLES[loss].toLowerCase();
  if (target.encoding === 'sparse') {
    if (loss !== 'sparse_categorical_crossentropy') {
      return `'${target.name}' is one class id per sample, which ${title} cannot compare with the output; use cross-entropy.`;
    }
    if (weight !== 1) return `a loss weight other than 1 needs one-hot labels, but '${target.name}' is class ids; set the weight to 1.`;
  }
  if (target.encoding === 'binary' && (loss === 'categorical_crossentropy' || loss === 'sparse_categorical_crossentropy')) {
    return `'${target.name}' is one 0/1 label per sample; use binary cross-entropy, MSE or MAE instead of ${title}.`;
  }
  return null;
}

const withBatch = (shape: readonly number[]): Shape => [null, ...shape];
const elements = (shape: readonly (number | null)[]) => shape.reduce<number>((n, d) => n * (d ?? Number.NaN), 1);
const describeField = (f: { name: string; shape: readonly number[] }) => `'${f.name}' ${formatShape(withBatch(f.shape))}`;

/**
 * Images may be fed flat or as a grid (the MLP takes 784 values, the CNN
 * 28×28×1): the trainer reshapes them. Word ids must match exactly.
 */
function fieldFits(field: DataField, shape: Shape, dataset: DatasetSpec): boolean {
  if (shapesCompatible(shape, withBatch(field.shape))) return true;
  return dataset.kind === 'image' && elements(shape.slice(1)) === elements(field.shape);
}

/** Like `fieldFits`: an image dataset's image target may be produced flat or as a grid. */
function targetFits(target: DataTarget, shape: Shape, dataset: DatasetSpec): boolean {
  if (shapesCompatible(shape, withBatch(target.shape))) return true;
  return dataset.kind === 'image' && target.encoding === 'values' && elements(shape.slice(1)) === elements(target.shape);
}

function bindInputs(analysis: GraphAnalysis, nodes: Map<string, GraphNode>, dataset: DatasetSpec, issues: GraphIssue[]) {
  const free = new Set(dataset.inputs.map((f) => f.name));
  const bindings: InputBinding[] = [];
  const available = () => dataset.inputs.map(describeField).join(', ');
  const pending: string[] = [];
  // By name first, so a two-input model can say which Input is which.
  for (const id of analysis.inputs) {
    const node = nodes.get(id)!;
    const shape = analysis.nodeShapes[id];
    const field = dataset.inputs.find((f) => f.name === node.name && free.has(f.name));
    if (field && shape && fieldFits(field, shape, dataset)) {
      free.delete(field.name);
      bindings.push({ nodeId: id, layer: node.name, field });
    } else pending.push(id);
  }
  for (const id of pending) {
    const node = nodes.get(id)!;
    const shape = analysis.nodeShapes[id];
    if (!shape) continue;
    const field = dataset.inputs.find((f) => free.has(f.name) && fieldFits(f, shape, dataset));
    if (field) {
      free.delete(field.name);
      bindings.push({ nodeId: id, layer: node.name, field });
      continue;
    }
    const unused = dataset.inputs.filter((f) => free.has(f.name));
    const single = unused.length === 1 ? unused[0] : undefined;
    const hint = single ? ` Set Shape to ${single.shape.join(', ')}.` : '';
    const what = unused.length > 0 ? `The dataset's unused inputs are ${unused.map(describeField).join(', ')}.` : `${dataset.title} has ${dataset.inputs.length === 1 ? 'only ' : ''}${available()}, already fed to other Input layers.`;
    issues.push({
      severity: 'error',
      nodeId: id,
      field: 'shape',
      message: `Input '${node.name}' takes ${formatShape(shape)}, which no input of ${dataset.title} fits. ${what}${hint}`,
    });
  }
  if (issues.length === 0) {
    for (const field of dataset.inputs.filter((f) => free.has(f.name))) {
      issues.push({
        severity: 'warning',
        message: `The model does not use the dataset's input ${describeField(field)}. Add an Input layer of that shape to use it.`,
      });
    }
  }
  // Keep the model's input order.
  const order = new Map(analysis.inputs.map((id, i) => [id, i]));
  return bindings.sort((a, b) => order.get(a.nodeId)! - order.get(b.nodeId)!);
}

/** Embeddings fed straight from word ids must have room for every id. */
function checkVocabularies(
  inputs: readonly InputBinding[],
  nodes: Map<string, GraphNode>,
  outgoing: Map<string, string[]>,
  issues: GraphIssue[],
) {
  for (const { nodeId, field } of inputs) {
    if (field.vocabulary === undefined) continue;
    for (const targetId of outgoing.get(nodeId) ?? []) {
      const target = nodes.get(targetId);
      const inputDim = target?.kind === 'Embedding' ? target.params.input_dim : undefined;
      if (typeof inputDim !== 'number' || inputDim >= field.vocabulary) continue;
      issues.push({
        severity: 'error',
        nodeId: targetId,
        field: 'input_dim',
        message: `Embedding '${target!.name}' has input_dim ${inputDim}, but '${field.name}' holds word ids up to ${field.vocabulary - 1}. Set Input dim to ${field.vocabulary}.`,
      });
    }
  }
}

function targetHint(node: GraphNode, shape: Shape, targets: readonly DataTarget[]): { hint: string; field?: string } {
  const candidates = targets.filter((t) => t.shape.length === shape.length - 1);
  const target = candidates[0];
  const last = target?.shape[target.shape.length - 1];
  if (!target || last === undefined) return { hint: '' };
  if (node.kind === 'Dense') return { hint: ` Set Units to ${last}.`, field: 'units' };
  return { hint: ` End the model with a Dense layer of ${last} units.` };
}

function bindOutputs(
  analysis: GraphAnalysis,
  nodes: Map<string, GraphNode>,
  dataset: DatasetSpec,
  overrides: readonly OutputSettings[],
  issues: GraphIssue[],
) {
  const bindings: OutputBinding[] = [];
  const targetsText = dataset.targets.map(describeField).join(', ');
  for (const id of analysis.outputs) {
    const node = nodes.get(id)!;
    const shape = analysis.nodeShapes[id];
    if (!shape) continue;
    const override = overrides.find((o) => o.layer === node.name);
    let target: DataTarget | undefined;
    if (override?.target) {
      target = dataset.targets.find((t) => t.name === override.target);
      if (!target) {
        issues.push({
          severity: 'error',
          nodeId: id,
          message: `Output '${node.name}' is set to learn '${override.target}', which ${dataset.title} does not have. Its targets are ${targetsText}.`,
        });
        continue;
      }
    } else {
      target = dataset.targets.find((t) => targetFits(t, shape, dataset));
    }
    if (!target || !targetFits(target, shape, dataset)) {
      const { hint, field } = targetHint(node, shape, target ? [target] : dataset.targets);
      const labels = target ? describeField(target) : targetsText;
      issues.push({
        severity: 'error',
        nodeId: id,
        ...(field ? { field } : {}),
        message: `Output '${node.name}' produces ${formatShape(shape)} but the dataset's labels are ${labels}.${hint}`,
      });
      continue;
    }
    const loss = lossForTarget(override?.loss ?? null, target);
    const weight = override?.weight ?? 1;
    const problem = lossProblem(loss, weight, target);
    if (problem) {
      issues.push({ severity: 'error', nodeId: id, message: `Output '${node.name}': ${problem}` });
      continue;
    }
    // Accuracy means nothing for real-valued targets; Keras' autoencoder compiles with the loss alone.
    const metrics: MetricName[] = override?.metrics ?? (target.encoding === 'values' ? [] : ['accuracy']);
    bindings.push({ nodeId: id, layer: node.name, target, loss, metrics, weight });
  }
  const outputNames = new Set(analysis.outputs.map((id) => nodes.get(id)!.name));
  for (const override of overrides) {
    if (outputNames.has(override.layer)) continue;
    issues.push({
      severity: 'warning',
      message: `The training settings for output '${override.layer}' are ignored: no output layer has that name any more.`,
    });
  }
  return bindings;
}

/**
 * Matches the model's Input layers to the dataset's inputs and its outputs to
 * the dataset's targets, with each output's loss and metrics resolved. Issues
 * name the layer to change. Layers whose shape is unknown are skipped: their
 * own errors already say why.
 */
export function bindDataset(
  analysis: GraphAnalysis,
  graph: Graph,
  dataset: DatasetSpec,
  overrides: readonly OutputSettings[] = [],
): DatasetBinding {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (analysis.edgeShapes[edge.id] === undefined) continue;
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  }
  const issues: GraphIssue[] = [];
  const inputs = bindInputs(analysis, nodes, dataset, issues);
  checkVocabularies(inputs, nodes, outgoing, issues);
  const outputs = bindOutputs(analysis, nodes, dataset, overrides, issues);
  return { inputs, outputs, issues };
}
