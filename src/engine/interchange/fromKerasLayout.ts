import type { Graph, Position } from '../graph';
import { ROW_SPACING } from '../templates/build';

/** Horizontal distance between layers on one row; the canvas' layers are about 180 px wide. */
export const COLUMN_SPACING = 240;

/**
 * A layered top-to-bottom layout for imported graphs: each layer one row
 * below its deepest input, layers of a row side by side in model order. The
 * editor's ELK layout (src/renderer/src/editor/autoLayout.ts) needs measured
 * sizes and a DOM-side worker, so the engine cannot call it; the user can run
 * it on the canvas afterwards.
 */
export function layeredPositions(graph: Graph): Map<string, Position> {
  const inputsOf = new Map<string, string[]>();
  for (const edge of graph.edges) inputsOf.set(edge.target, [...(inputsOf.get(edge.target) ?? []), edge.source]);
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a cycle (never in a Keras model): stop rather than recurse forever
    seen.add(id);
    const d = Math.max(-1, ...(inputsOf.get(id) ?? []).map((source) => depthOf(source, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, string[]>();
  for (const node of graph.nodes) {
    const d = depthOf(node.id, new Set());
    rows.set(d, [...(rows.get(d) ?? []), node.id]);
  }
  const positions = new Map<string, Position>();
  for (const [row, ids] of rows) {
    ids.forEach((id, column) => positions.set(id, { x: (column - (ids.length - 1) / 2) * COLUMN_SPACING, y: row * ROW_SPACING }));
  }
  return positions;
}

export function withLayeredLayout(graph: Graph): Graph {
  const positions = layeredPositions(graph);
  return { ...graph, nodes: graph.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) };
}
