import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Graph, Position } from '../../../engine/graph';

export interface Size {
  width: number;
  height: number;
}

/** Used for layers the canvas has not measured yet (never drawn, e.g. off screen in a test). */
export const FALLBACK_SIZE: Size = { width: 180, height: 70 };

/**
 * Layered, top to bottom like the templates. Model order is kept where ELK
 * has a free choice, so merge inputs and branches stay in the order they were
 * built; the gap between rows leaves room for the shape labels on connections.
 */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.componentComponent': '80',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
};

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | null = null;

/** ELK is about 1.5 MB; it is loaded the first time a layout is asked for, not with the app. */
function loadElk(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return elk;
}

/**
 * New top-left positions for every layer, from ELK's layered algorithm and the
 * layers' real sizes. The laid-out model keeps the top-left corner the old one
 * had, so the view does not jump away from where the user was working.
 */
export async function layoutGraph(graph: Graph, sizes: ReadonlyMap<string, Size>): Promise<Map<string, Position>> {
  if (graph.nodes.length === 0) return new Map();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const root: ElkNode = {
    id: '__root__',
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? FALLBACK_SIZE) })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laidOut = await (await loadElk()).layout(root);
  const children = laidOut.children ?? [];
  const minOf = (values: number[]) => (values.length ? Math.min(...values) : 0);
  const shiftX = minOf(graph.nodes.map((n) => n.position.x)) - minOf(children.map((c) => c.x ?? 0));
  const shiftY = minOf(graph.nodes.map((n) => n.position.y)) - minOf(children.map((c) => c.y ?? 0));
  return new Map(children.map((c) => [c.id, { x: Math.round((c.x ?? 0) + shiftX), y: Math.round((c.y ?? 0) + shiftY) }]));
}
