import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { checkConnection } from '../../../engine/connections';
import { formatShape } from '../../../engine/shape';
import { useAppStore } from '../store';
import type { LayerFlowNode } from './LayerNode';
import { nodeTypes } from './nodeTypes';
import { useAnalysis } from './useAnalysis';

export const LAYER_DRAG_TYPE = 'application/x-layerlab-layer';

type Measured = { width: number; height: number };

/**
 * React Flow view of the engine graph. The store holds the graph; this keeps
 * only what React Flow measures, and turns its change events into graph edits.
 */
export function Canvas() {
  const graph = useAppStore((s) => s.graph);
  const selectedNodeIds = useAppStore((s) => s.selectedNodeIds);
  const analysis = useAnalysis();
  const { screenToFlowPosition } = useReactFlow();
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(new Map());
  const [selectedEdgeIds, setSelectedEdgeIds] = useState<string[]>([]);
  const cache = useRef(new Map<string, { source: unknown; selected: boolean; measured?: Measured; node: LayerFlowNode }>());

  const nodes = useMemo(() => {
    const selected = new Set(selectedNodeIds);
    const next = new Map<string, { source: unknown; selected: boolean; measured?: Measured; node: LayerFlowNode }>();
    const list = graph.nodes.map((n) => {
      const size = measured.get(n.id);
      const isSelected = selected.has(n.id);
      const cached = cache.current.get(n.id);
      // Unchanged nodes keep their object identity, so React Flow skips them.
      const node =
        cached && cached.source === n && cached.selected === isSelected && cached.measured === size
          ? cached.node
          : { id: n.id, type: 'layer' as const, position: n.position, data: {}, selected: isSelected, ...(size ? { measured: size } : {}) };
      next.set(n.id, { source: n, selected: isSelected, ...(size ? { measured: size } : {}), node });
      return node;
    });
    cache.current = next;
    return list;
  }, [graph.nodes, selectedNodeIds, measured]);

  const edges = useMemo<Edge[]>(() => {
    const selected = new Set(selectedEdgeIds);
    const broken = new Set(analysis.issues.filter((i) => i.edgeId).map((i) => i.edgeId));
    return graph.edges.map((e) => {
      const shape = analysis.edgeShapes[e.id];
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        selected: selected.has(e.id),
        label: shape ? formatShape(shape) : '?',
        className: broken.has(e.id) || !shape ? 'edge-broken' : 'edge-ok',
        labelBgPadding: [6, 3] as [number, number],
        labelBgBorderRadius: 4,
        data: { shape: shape ? formatShape(shape) : null },
      };
    });
  }, [graph.edges, analysis, selectedEdgeIds]);

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const state = useAppStore.getState();
    const moves: { id: string; position: { x: number; y: number } }[] = [];
    const removed: string[] = [];
    let selection: Set<string> | null = null;
    const sizes: [string, Measured][] = [];
    for (const change of changes) {
      if (change.type === 'dimensions' && change.dimensions) {
        sizes.push([change.id, change.dimensions]);
      } else if (change.type === 'position' && change.position) {
        moves.push({ id: change.id, position: change.position });
      } else if (change.type === 'select') {
        selection ??= new Set(state.selectedNodeIds);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      } else if (change.type === 'remove') {
        removed.push(change.id);
      }
    }
    if (moves.length) state.moveNodes(moves);
    if (removed.length) state.removeElements(removed, []);
    if (selection) state.setSelection([...selection]);
    if (sizes.length) setMeasured((current) => new Map([...current, ...sizes]));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length) useAppStore.getState().removeElements([], removed);
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length) {
      setSelectedEdgeIds((current) => {
        const next = new Set(current);
        for (const c of selects) if (c.selected) next.add(c.id);
        else next.delete(c.id);
        return [...next];
      });
    }
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const result = useAppStore.getState().connect(connection.source, connection.target);
    if (!result.ok) useAppStore.getState().showNotice(result.reason);
  }, []);

  const isValidConnection = useCallback(
    (connection: Connection | Edge) => checkConnection(useAppStore.getState().graph, connection.source, connection.target).ok,
    [],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const kind = event.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!kind) return;
      useAppStore.getState().addLayer(kind, screenToFlowPosition({ x: event.clientX - 80, y: event.clientY - 20 }));
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <ReactFlow<LayerFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView
        fitViewOptions={{ padding: 0.25, maxZoom: 1 }}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable />
        <Controls />
      </ReactFlow>
    </div>
  );
}
