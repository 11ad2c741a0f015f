import type { StateCreator } from 'zustand';
import { checkConnection, type ConnectionCheck } from '../../../engine/connections';
import { applyFix, type GraphFix } from '../../../engine/fixes';
import type { Graph, GraphNode, Position } from '../../../engine/graph';
import { defaultParams, getLayerSpec } from '../../../engine/layers/registry';
import { nextLayerName } from '../../../engine/names';
import { pasteFragment, type GraphFragment } from '../editor/clipboard';
import { makeRoomForInsertedLayer } from '../editor/graphEdits';
import { asOneUndoStep } from './history';
import type { AppState } from './index';
import { newId } from './ids';

/** The graph: the only state that undo and redo track. */
export interface GraphSlice {
  graph: Graph;
  selectedNodeIds: string[];
  /** Selected connections; kept here so Delete removes them together with layers in one step. */
  selectedEdgeIds: string[];
  addLayer(kind: string, position: Position): string | null;
  updateParams(nodeId: string, patch: Record<string, unknown>): void;
  renameLayer(nodeId: string, name: string): void;
  moveNodes(moves: { id: string; position: Position }[]): void;
  removeElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  /** Deletes the selected layers and connections as one undo step. */
  deleteSelection(): void;
  /** Adds a copied fragment as one undo step; the pasted layers become the selection. */
  pasteLayers(fragment: GraphFragment, offset: Position): string[];
  /** Moves many layers at once (auto-layout) as one undo step. */
  placeNodes(positions: ReadonlyMap<string, Position>): void;
  /** Applies a one-click fix as one undo step and selects the layer it created or changed. */
  applyGraphFix(fix: GraphFix): boolean;
  connect(source: string, target: string): ConnectionCheck;
  setSelection(nodeIds: string[]): void;
  setEdgeSelection(edgeIds: string[]): void;
  selectAll(): void;
  clearSelection(): void;
}

function mapNode(graph: Graph, id: string, update: (node: GraphNode) => GraphNode): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? update(n) : n)) };
}

function withoutElements(graph: Graph, nodeIds: readonly string[], edgeIds: readonly string[]): Graph {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
    edges: graph.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export const createGraphSlice: StateCreator<AppState, [], [], GraphSlice> = (set, get) => ({
  graph: { nodes: [], edges: [] },
  selectedNodeIds: [],
  selectedEdgeIds: [],
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
    asOneUndoStep(() => set({ graph: { ...graph, nodes: [...graph.nodes, node] }, selectedNodeIds: [node.id], selectedEdgeIds: [] }));
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
    let changed = false;
    const nodes = graph.nodes.map((n) => {
      const to = byId.get(n.id);
      if (!to || (to.x === n.position.x && to.y === n.position.y)) return n;
      changed = true;
      return { ...n, position: to };
    });
    // React Flow repeats the final position when a drag ends; that is not an edit.
    if (changed) set({ graph: { ...graph, nodes } });
  },
  removeElements(nodeIds, edgeIds) {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    const removed = new Set(nodeIds);
    const removedEdges = new Set(edgeIds);
    const { graph, selectedNodeIds, selectedEdgeIds } = get();
    const next = withoutElements(graph, nodeIds, edgeIds);
    // Nothing to remove (e.g. a stale selection): no edit, so no undo step and the redo stack stays.
    if (next.nodes.length === graph.nodes.length && next.edges.length === graph.edges.length) return;
    const remainingEdges = new Set(next.edges.map((e) => e.id));
    set({
      graph: next,
      selectedNodeIds: selectedNodeIds.filter((id) => !removed.has(id)),
      selectedEdgeIds: selectedEdgeIds.filter((id) => !removedEdges.has(id) && remainingEdges.has(id)),
    });
  },
  deleteSelection() {
    const { selectedNodeIds, selectedEdgeIds, removeElements } = get();
    asOneUndoStep(() => removeElements(selectedNodeIds, selectedEdgeIds));
  },
  pasteLayers(fragment, offset) {
    const pasted = pasteFragment(get().graph, fragment, offset, newId);
    asOneUndoStep(() => set({ graph: pasted.graph, selectedNodeIds: pasted.nodeIds, selectedEdgeIds: [] }));
    return pasted.nodeIds;
  },
  placeNodes(positions) {
    asOneUndoStep(() => get().moveNodes([...positions].map(([id, position]) => ({ id, position }))));
  },
  applyGraphFix(fix) {
    const { graph, showNotice } = get();
    const result = applyFix(graph, fix, newId);
    if (!result.ok) {
      showNotice(`Could not apply “${fix.label}”: ${result.message}`);
      return false;
    }
    const next = fix.type === 'insert' ? makeRoomForInsertedLayer(graph, result.graph, result.nodeId) : result.graph;
    asOneUndoStep(() => set({ graph: next, selectedNodeIds: [result.nodeId], selectedEdgeIds: [] }));
    return true;
  },
  connect(source, target) {
    const { graph } = get();
    const check = checkConnection(graph, source, target);
    if (check.ok) asOneUndoStep(() => set({ graph: { ...graph, edges: [...graph.edges, { id: newId('e'), source, target }] } }));
    return check;
  },
  setSelection(nodeIds) {
    set({ selectedNodeIds: nodeIds });
  },
  setEdgeSelection(edgeIds) {
    set({ selectedEdgeIds: edgeIds });
  },
  selectAll() {
    set({ selectedNodeIds: get().graph.nodes.map((n) => n.id), selectedEdgeIds: [] });
  },
  clearSelection() {
    if (get().selectedNodeIds.length > 0 || get().selectedEdgeIds.length > 0) set({ selectedNodeIds: [], selectedEdgeIds: [] });
  },
});
