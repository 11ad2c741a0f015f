import { z } from 'zod';
import type { GraphIssue } from './analyze';
import { bindDataset } from './binding';
import { compileGraph, type KerasModelTopology } from './compile';
import { findDataset } from './datasets';
import type { Graph } from './graph';
import { LOSSES, METRICS, type TrainingSettings } from './training';

/**
 * Everything the trainer needs to know about a model and its data, in plain
 * names: declared once, here, and sent to the trainer process as it is
 * (src/shared/trainerProtocol.ts spreads this schema into its requests).
 */
export const TrainingPlanSchema = z.object({
  /** Keras functional-model JSON, as `compileGraph` writes it. */
  modelTopology: z.record(z.string(), z.unknown()),
  /** Per model input, in order: the dataset input that feeds it. */
  inputs: z.array(z.object({ layer: z.string(), field: z.string() })).min(1),
  /** Per model output, in order: what it learns and how it is scored. */
  outputs: z
    .array(
      z.object({
        layer: z.string(),
        target: z.string(),
        loss: z.enum(LOSSES),
        metrics: z.array(z.enum(METRICS)),
        weight: z.number().min(0),
      }),
    )
    .min(1),
});

export type TrainingPlan = Omit<z.infer<typeof TrainingPlanSchema>, 'modelTopology'> & { modelTopology: KerasModelTopology };

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

/**
 * The first dataset of the catalogue the graph trains on as it is (inputs
 * and outputs bound, no errors), for a graph that came without one (an
 * imported Keras model); null when none fits.
 */
export function datasetThatFits(graph: Graph, datasets: readonly { id: string }[]): string | null {
  for (const { id } of datasets) {
    if (planTraining(graph, { dataset: id, outputs: [] }).ok) return id;
  }
  return null;
}
