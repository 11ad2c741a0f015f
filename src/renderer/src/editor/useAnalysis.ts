import { analyzeGraph } from '../../../engine/analyze';
import { bindDataset } from '../../../engine/binding';
import { findDataset } from '../../../engine/datasets';
import type { OutputSettings } from '../../../engine/training';
import type { Graph } from '../../../engine/graph';
import { summarizeModel, type ModelSummary } from '../../../engine/summary';
import { useAppStore } from '../store';

type Analysis = ReturnType<typeof analyzeGraph>;

let last: { graph: Graph; dataset: string; outputs: readonly OutputSettings[]; analysis: Analysis } | null = null;
let lastSummary: { graph: Graph; summary: ModelSummary } | null = null;

/** The graph's own issues plus those of feeding it the dataset: Input shapes, output labels, vocabularies. */
function withDatasetIssues(graph: Graph, dataset: string, outputs: readonly OutputSettings[], analysis: Analysis): Analysis {
  const spec = findDataset(dataset);
  if (!spec) return analysis;
  const binding = bindDataset(analysis, graph, spec, outputs);
  return binding.issues.length === 0 ? analysis : { ...analysis, issues: [...analysis.issues, ...binding.issues] };
}

/**
 * True when `b` differs from `a` at most in layer positions. Edits replace only
 * what they change, so comparing references is enough; dragging then keeps the
 * analysis (and every node that reads it) untouched.
 */
export function sameStructure(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i]!;
    return n === m || (n.id === m.id && n.kind === m.kind && n.name === m.name && n.params === m.params);
  });
}

/** Shape inference runs once per structural edit and is shared by every node, edge and panel. */
export function analyze(graph: Graph, dataset: string, outputs: readonly OutputSettings[] = []): Analysis {
  if (last && last.dataset === dataset && last.outputs === outputs && sameStructure(last.graph, graph)) {
    last.graph = graph;
    return last.analysis;
  }
  const analysis = withDatasetIssues(graph, dataset, outputs, analyzeGraph(graph));
  last = { graph, dataset, outputs, analysis };
  return analysis;
}

/** The analysis object only changes when the structure does, so moving layers re-renders none of its readers. */
export function useAnalysis(): Analysis {
  return useAppStore((s) => analyze(s.graph, s.training.dataset, s.training.outputs));
}

/** The Keras-like summary (params, FLOPs, memory), computed once per edit and only for the panels that show it. */
export function summarize(graph: Graph): ModelSummary {
  if (lastSummary && sameStructure(lastSummary.graph, graph)) {
    lastSummary.graph = graph;
    return lastSummary.summary;
  }
  const summary = summarizeModel(graph);
  lastSummary = { graph, summary };
  return summary;
}

export function useSummary(): ModelSummary {
  return useAppStore((s) => summarize(s.graph));
}
