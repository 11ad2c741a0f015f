import type { Graph } from '../../../engine/graph';
import type { ProjectTemplate } from '../../../engine/templates';
import { layoutGraph, type Size } from '../editor/autoLayout';

/** The widest a layer is drawn (`.layer-node` max-width) and about its height: a conservative box. */
export const LARGEST_LAYER: Size = { width: 260, height: 70 };

/** Whether any two layers, as boxes of `size` at their positions, would cover each other. */
export function positionsOverlap(graph: Graph, size: Size = LARGEST_LAYER): boolean {
  const nodes = graph.nodes;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!.position;
      const b = nodes[j]!.position;
      if (Math.abs(a.x - b.x) < size.width && Math.abs(a.y - b.y) < size.height) return true;
    }
  }
  return false;
}

const laidOut = new Map<string, Promise<Graph>>();

/**
 * The template's graph, as its positions have it when they leave every layer
 * room, else laid out by ELK (as the canvas' Auto-layout does) with room for
 * the largest layer. Computed once per template and shared by its thumbnail
 * and the project it opens.
 */
export function laidOutTemplateGraph(template: Pick<ProjectTemplate, 'id' | 'graph'>): Promise<Graph> {
  let graph = laidOut.get(template.id);
  if (!graph) {
    graph = positionsOverlap(template.graph) ? layOutGraph(template.graph) : Promise.resolve(template.graph);
    laidOut.set(template.id, graph);
  }
  return graph;
}

/** ELK's layout with room for the largest layer; a failed layout keeps the graph's own positions (Auto-layout can still be tried). */
export async function layOutGraph(graph: Graph): Promise<Graph> {
  const positions = await layoutGraph(graph, new Map(graph.nodes.map((n) => [n.id, LARGEST_LAYER]))).catch(() => new Map());
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}
