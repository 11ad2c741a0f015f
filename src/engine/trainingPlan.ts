import type { GraphIssue } from './analyze';
import { bindDataset } from './binding';
import { compileGraph, type KerasModelTopology } from './compile';
import { findDataset } from './datasets';
import type { Graph } from './graph';
import type { LossName, MetricName, TrainingSettings } from './training';

/** Everything the trainer needs to know about a model and its data, in plain names. */
export interface TrainingPlan {
  modelTopology: KerasModelTopology;
  /** Per model input, in order: the dataset input that feeds it. */
  inputs: { layer: string; field: string }[];
  /** Per model output, in order: what it learns and how it is scored. */
  outputs: { layer: string; target: string; loss: LossName; metrics: MetricName[]; weight: number }[];
}

export type TrainingPlanResult = { ok: true; plan: TrainingPlan } | { ok: false; issues: GraphIssue[] };

/** Compiles the graph and binds it to the settings' dataset. Never throws. */
export function planTraining(graph: Graph, settings: Pick<TrainingSettings, 'dataset' | 'outputs'>): TrainingPlanResult {
  const dataset = findDataset(settings.dataset);
  if (!dataset) return { ok: false, issues: [{ severity: 'error', message: `Unknown dataset '${settings.dataset}'.` }] };
  const compiled = compileGraph(graph);
  if (!compiled.ok) return { ok: false, issues: compiled.issues };
  const binding = bindDataset(compiled.analysis, graph, dataset, settings.outputs);
  const errors = binding.issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: errors };
  return {
    ok: true,
    plan: {
      modelTopology: compiled.modelTopology,
      inputs: binding.inputs.map((b) => ({ layer: b.layer, field: b.field.name })),
      outputs: binding.outputs.map((b) => ({
        layer: b.layer,
        target: b.target.name,
        loss: b.loss,
        metrics: b.metrics,
        weight: b.weight,
      })),
    },
  };
}
