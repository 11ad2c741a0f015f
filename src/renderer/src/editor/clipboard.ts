import { z } from 'zod';
import { GraphEdgeSchema, GraphNodeSchema, type Graph, type GraphEdge, type GraphNode, type Position } from '../../../engine/graph';
import { getLayerSpec } from '../../../engine/layers/registry';
import { nextLayerName } from '../../../engine/names';

/** Marks clipboard text as LayerLab layers, so a paste never mistakes other JSON for them. */
export const FRAGMENT_FORMAT = 'layerlab.layers';

/** Copied layers and the connections among them, as they are put on the clipboard. */
export const FragmentSchema = z.object({
  format: z.literal(FRAGMENT_FORMAT),
  version: z.literal(1),
  nodes: z.array(GraphNodeSchema).min(1),
  edges: z.array(GraphEdgeSchema),
});

export type GraphFragment = z.infer<typeof FragmentSchema>;

/** How far each paste lands from the previous one, so copies never hide their originals. */
export const PASTE_OFFSET: Position = { x: 40, y: 40 };

/**
 * The selected layers and only the connections between two of them: a
 * connection to a layer left behind would point nowhere once pasted.
 */
export function copyFragment(graph: Graph, nodeIds: Iterable<string>): GraphFragment | null {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { format: FRAGMENT_FORMAT, version: 1, nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

export function serializeFragment(fragment: GraphFragment): string {
  return JSON.stringify(fragment, null, 2);
}

/** A fragment from clipboard text, or null when the text is anything else (or broken). */
export function parseFragment(text: string): GraphFragment | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = FragmentSchema.safeParse(json);
  if (!parsed.success) return null;
  const ids = new Set(parsed.data.nodes.map((n) => n.id));
  if (ids.size !== parsed.data.nodes.length) return null;
  // Text from elsewhere may carry connections to layers it does not contain; drop those, keep the layers.
  return { ...parsed.data, edges: parsed.data.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/** `dense` for `Dense`; for a kind this version does not know, the name without its `_N` suffix. */
function namePrefix(node: GraphNode): string {
  return getLayerSpec(node.kind)?.namePrefix ?? (node.name.replace(/_\d+$/, '') || 'layer');
}

export interface PasteResult {
  graph: Graph;
  /** The pasted layers' new ids, in fragment order. */
  nodeIds: string[];
}

/**
 * Adds a fragment to a graph with fresh ids and fresh Keras names (`dense_3`
 * after `dense_2`), moved by `offset`. Pure: ids come from `newId`.
 */
export function pasteFragment(graph: Graph, fragment: GraphFragment, offset: Position, newId: (prefix: string) => string): PasteResult {
  const names = graph.nodes.map((n) => n.name);
  const idMap = new Map<string, string>();
  const nodes = fragment.nodes.map((node): GraphNode => {
    const id = newId('n');
    idMap.set(node.id, id);
    const name = nextLayerName(namePrefix(node), names);
    names.push(name);
    return {
      id,
      kind: node.kind,
      name,
      params: structuredClone(node.params),
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    };
  });
  const edges = fragment.edges.flatMap((edge): GraphEdge[] => {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    return source && target ? [{ id: newId('e'), source, target }] : [];
  });
  return { graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, nodeIds: nodes.map((n) => n.id) };
}

/** Offset of the n-th paste of the same clipboard (n from 1), so repeated pastes fan out. */
export function pasteOffset(pasteNumber: number): Position {
  return { x: PASTE_OFFSET.x * pasteNumber, y: PASTE_OFFSET.y * pasteNumber };
}
