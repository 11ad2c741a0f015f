import type { StateCreator } from 'zustand';
import { checkConnection, type ConnectionCheck } from '../../../engine/connections';
import type { Graph, GraphNode, Position } from '../../../engine/graph';
import { defaultParams, getLayerSpec } from '../../../engine/layers/registry';
import { nextLayerName } from '../../../engine/names';
import type { AppState } from './index';
import { newId } from './ids';

/** The graph: the only state that undo and redo track. */
export interface GraphSlice {
  graph: Graph;
  selectedNodeIds: string[];
  addLayer(kind: string, position: Position): string | null;
  updateParams(nodeId: string, patch: Record<string, unknown>): void;
  renameLayer(nodeId: string, name: string): void;
  moveNodes(moves: { id: string; position: Position }[]): void;
  removeElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  connect(source: string, target: string): ConnectionCheck;
  setSelection(nodeIds: string[]): void;
}

function mapNode(graph: Graph, id: string, update: (node: GraphNode) => GraphNode): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? update(n) : n)) };
}

export const createGraphSlice: StateCreator<AppState, [], [], GraphSlice> = (set, get) => ({
  graph: { nodes: [], edges: [] },
  selectedNodeIds: [],
  addLayer(kind, position) {
    const spec = getLayerSpec(kind);
    if (!spec) return null;
    const { graph } = get();
    const node: GraphNode = {
      id: newId('n'),
      kind,
      name: nextLayerName(spec.namePrefix, graph.nodes.map((n) => n.name)),
      params: defaultParams(kind),
      position,
    };
    set({ graph: { ...graph, nodes: [...graph.nodes, node] }, selectedNodeIds: [node.id] });
    return node.id;
  },
  updateParams(nodeId, patch) {
    set({ graph: mapNode(get().graph, nodeId, (n) => ({ ...n, params: { ...n.params, ...patch } })) });
  },
  renameLayer(nodeId, name) {
    set({ graph: mapNode(get().graph, nodeId, (n) => ({ ...n, name })) });
  },
  moveNodes(moves) {
    const byId = new Map(moves.map((m) => [m.id, m.position]));
    const { graph } = get();
    set({ graph: { ...graph, nodes: graph.nodes.map((n) => (byId.has(n.id) ? { ...n, position: byId.get(n.id)! } : n)) } });
  },
  removeElements(nodeIds, edgeIds) {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    const nodes = new Set(nodeIds);
    const edges = new Set(edgeIds);
    const { graph, selectedNodeIds } = get();
    set({
      graph: {
        nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
        edges: graph.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
      },
      selectedNodeIds: selectedNodeIds.filter((id) => !nodes.has(id)),
    });
  },
  connect(source, target) {
    const { graph } = get();
    const check = checkConnection(graph, source, target);
    if (check.ok) set({ graph: { ...graph, edges: [...graph.edges, { id: newId('e'), source, target }] } });
    return check;
  },
  setSelection(nodeIds) {
    set({ selectedNodeIds: nodeIds });
  },
});
