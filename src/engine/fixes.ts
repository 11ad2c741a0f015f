import type { Graph, GraphEdge, GraphNode } from './graph';
import { defaultParams, getLayerSpec } from './layers/registry';
import { nextLayerName } from './names';

/** A layer a fix creates: its kind and the params that differ from the defaults. */
export interface FixLayer {
  kind: string;
  params: Record<string, unknown>;
}

/**
 * A one-click repair offered with an issue. `insert` puts a new layer on a
 * connection; `replace` swaps a layer for another kind in place (same id and
 * connections), e.g. Dense → TimeDistributed(Dense).
 */
export type GraphFix =
  | { type: 'insert'; label: string; edgeId: string; layer: FixLayer }
  | { type: 'replace'; label: string; nodeId: string; layer: FixLayer };

export type ApplyFixResult = { ok: true; graph: Graph; nodeId: string } | { ok: false; message: string };

/**
 * Applies a fix to a graph and returns the new graph and the id of the layer
 * it created or replaced. Pure: ids come from `newId` so callers decide how
 * they are made. Fails (never throws) when the graph changed under the fix.
 */
export function applyFix(graph: Graph, fix: GraphFix, newId: (prefix: string) => string): ApplyFixResult {
  const spec = getLayerSpec(fix.layer.kind);
  if (!spec) return { ok: false, message: `Unknown layer type '${fix.layer.kind}'.` };
  const params = { ...defaultParams(fix.layer.kind), ...fix.layer.params };
  const names = graph.nodes.map((n) => n.name);

  if (fix.type === 'replace') {
    const node = graph.nodes.find((n) => n.id === fix.nodeId);
    if (!node) return { ok: false, message: 'The layer this fix was for no longer exists.' };
    const others = names.filter((name) => name !== node.name);
    const replaced: GraphNode = { ...node, kind: fix.layer.kind, name: nextLayerName(spec.namePrefix, others), params };
    return { ok: true, nodeId: node.id, graph: { ...graph, nodes: graph.nodes.map((n) => (n.id === node.id ? replaced : n)) } };
  }

  const edge = graph.edges.find((e) => e.id === fix.edgeId);
  const source = edge && graph.nodes.find((n) => n.id === edge.source);
  const target = edge && graph.nodes.find((n) => n.id === edge.target);
  if (!edge || !source || !target) return { ok: false, message: 'The connection this fix was for no longer exists.' };
  const inserted: GraphNode = {
    id: newId('n'),
    kind: fix.layer.kind,
    name: nextLayerName(spec.namePrefix, names),
    params,
    position: { x: (source.position.x + target.position.x) / 2, y: (source.position.y + target.position.y) / 2 },
  };
  // The connection into the target keeps its place in the edge list: merges take inputs in that order.
  // Matched by identity: a corrupt graph may repeat the id, and the analysis only follows the first.
  const edges = graph.edges.flatMap((e): GraphEdge[] =>
    e === edge
      ? [
          { id: newId('e'), source: source.id, target: inserted.id },
          { id: edge.id, source: inserted.id, target: target.id },
        ]
      : [e],
  );
  return { ok: true, nodeId: inserted.id, graph: { nodes: [...graph.nodes, inserted], edges } };
}
