import type { Graph, GraphEdge, GraphNode } from '../graph';
import { findDataset } from '../datasets';

/** Vertical distance between layers in generated graphs. */
export const ROW_SPACING = 140;

/** A node whose id is its name, placed on row `row` of a top-to-bottom layout. */
export function layerNode(kind: string, name: string, params: Record<string, unknown> = {}, row = 0): GraphNode {
  return { id: name, kind, name, params, position: { x: 0, y: row * ROW_SPACING } };
}

export function connect(source: string, target: string, id = `${source}->${target}`): GraphEdge {
  return { id, source, target };
}

/** Connects the nodes one after the other and lays them out top to bottom. */
export function chainGraph(nodes: readonly GraphNode[]): Graph {
  const placed = nodes.map((node, row) => ({ ...node, position: { x: 0, y: row * ROW_SPACING } }));
  const edges = placed.slice(1).map((target, i) => connect(placed[i]!.id, target.id));
  return { nodes: placed, edges };
}

/** Connections from each layer to the next, in order: `chainEdges('a', 'b', 'c')` links a→b and b→c. */
export function chainEdges(...ids: string[]): GraphEdge[] {
  return ids.slice(1).map((id, i) => connect(ids[i]!, id));
}

/**
 * A text dataset's input length and vocabulary, and a target's number of
 * classes, read from the dataset spec so that a template's sizes always
 * match the data it trains on (the tutorial derives them from its data too:
 * `maxlen`, `vocab_size = len(word_index) + 1`).
 */
export function datasetSizes(datasetId: string) {
  const spec = findDataset(datasetId);
  if (!spec) throw new Error(`Template refers to unknown dataset '${datasetId}'`);
  const input = (name: string) => {
    const field = spec.inputs.find((f) => f.name === name);
    if (!field) throw new Error(`${spec.title} has no input '${name}'`);
    return { length: field.shape[0]!, vocabulary: field.vocabulary ?? 0 };
  };
  const classes = (name: string) => {
    const target = spec.targets.find((t) => t.name === name);
    if (!target) throw new Error(`${spec.title} has no target '${name}'`);
    return target.shape[target.shape.length - 1]!;
  };
  return { input, classes };
}
