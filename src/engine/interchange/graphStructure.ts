import type { Graph } from '../graph';
import { parseParams } from '../layers/registry';

/**
 * A graph without positions or ids: layers by name with their params (defaults
 * filled in) and connections by name. Two graphs with equal structures are
 * the same network, which is what an import must give back.
 */
export function graphStructure(graph: Graph): { nodes: { kind: string; name: string; params: unknown }[]; edges: string[] } {
  const nameOf = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: graph.nodes.map((n) => ({ kind: n.kind, name: n.name, params: parseParams(n.kind, n.params) })).sort((a, b) => a.name.localeCompare(b.name)),
    edges: graph.edges.map((e) => `${nameOf.get(e.source)}->${nameOf.get(e.target)}`).sort(),
  };
}
