import { analyzeGraph } from '../../../engine/analyze';
import { findDataset } from '../../../engine/datasets';
import type { Graph } from '../../../engine/graph';
import { useAppStore } from '../store';

type Analysis = ReturnType<typeof analyzeGraph>;

let last: { graph: Graph; dataset: string; analysis: Analysis } | null = null;

/** Shape inference runs once per edit and is shared by every node, edge and panel. */
export function analyze(graph: Graph, dataset: string): Analysis {
  if (last && last.graph === graph && last.dataset === dataset) return last.analysis;
  const spec = findDataset(dataset);
  const analysis = analyzeGraph(graph, spec ? { targetShapes: [[null, spec.classNames.length]] } : {});
  last = { graph, dataset, analysis };
  return analysis;
}

export function useAnalysis(): Analysis {
  const graph = useAppStore((s) => s.graph);
  const dataset = useAppStore((s) => s.training.dataset);
  return analyze(graph, dataset);
}
