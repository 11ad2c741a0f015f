import type { Graph } from './graph';
import { getLayerSpec } from './layers/registry';

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

/** True when `target` already reaches `source`, so source → target would close a loop. */
function reaches(graph: Graph, from: string, to: string): boolean {
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(outgoing.get(id) ?? []));
  }
  return false;
}

/** Checked while the user drags a connection, so bad links are refused before they exist. */
export function checkConnection(graph: Graph, source: string, target: string): ConnectionCheck {
  if (source === target) return { ok: false, reason: 'A layer cannot feed itself' };
  const targetNode = graph.nodes.find((n) => n.id === target);
  if (!targetNode) return { ok: false, reason: 'Unknown target layer' };
  if (graph.edges.some((e) => e.source === source && e.target === target)) {
    return { ok: false, reason: 'These layers are already connected' };
  }
  const spec = getLayerSpec(targetNode.kind);
  const incoming = graph.edges.filter((e) => e.target === target).length;
  if (spec && incoming >= spec.arity.max) {
    return {
      ok: false,
      reason: spec.arity.max === 0 ? `${spec.kind} takes no inputs` : `${spec.kind} '${targetNode.name}' already has its input`,
    };
  }
  if (reaches(graph, target, source)) return { ok: false, reason: 'That connection would create a cycle' };
  return { ok: true };
}
