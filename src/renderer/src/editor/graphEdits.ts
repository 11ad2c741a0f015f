import type { Graph } from '../../../engine/graph';
import { ROW_SPACING } from '../../../engine/templates/build';

/**
 * A fix that inserts a layer puts it halfway along the connection, which in a
 * top-to-bottom model lands it on top of its neighbours. When the connection
 * runs downwards with less than two rows to spare, the new layer takes the
 * target's place and every layer from that row down moves one row lower, so
 * the rows of parallel branches stay aligned.
 */
export function makeRoomForInsertedLayer(before: Graph, after: Graph, insertedId: string): Graph {
  const into = after.edges.find((e) => e.target === insertedId);
  const out = after.edges.find((e) => e.source === insertedId);
  const source = into && before.nodes.find((n) => n.id === into.source);
  const target = out && before.nodes.find((n) => n.id === out.target);
  if (!source || !target) return after;
  const gap = target.position.y - source.position.y;
  if (gap <= 0 || gap >= 2 * ROW_SPACING) return after;
  const row = target.position.y;
  return {
    ...after,
    nodes: after.nodes.map((n) => {
      if (n.id === insertedId) return { ...n, position: { x: target.position.x, y: row } };
      return n.position.y >= row ? { ...n, position: { x: n.position.x, y: n.position.y + ROW_SPACING } } : n;
    }),
  };
}
