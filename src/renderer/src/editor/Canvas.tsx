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
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { checkConnection } from '../../../engine/connections';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useAppStore } from '../store';
import { endEditBurst } from '../store/history';
import { FIT_VIEW_OPTIONS } from './canvasCommands';
import { CanvasToolbar } from './CanvasToolbar';
import type { LayerFlowNode } from './LayerNode';
import { CATEGORY_COLORS, UNKNOWN_CATEGORY_COLOR } from './layerText';
import { nodeTypes } from './nodeTypes';
import { ShortcutHelp } from './ShortcutHelp';
import { useAnalysis } from './useAnalysis';
import { useEditorShortcuts, type HelpToggle } from './useEditorShortcuts';

export const LAYER_DRAG_TYPE = 'application/x-layerlab-layer';

type Measured = { width: number; height: number };

const colorByKind = new Map<string, string>();
function kindColor(kind: string): string {
  let color = colorByKind.get(kind);
  if (color === undefined) {
    const spec = getLayerSpec(kind);
    color = spec ? CATEGORY_COLORS[spec.category] : UNKNOWN_CATEGORY_COLOR;
    colorByKind.set(kind, color);
  }
  return color;
}

/** Shift adds to the selection (as does Ctrl/⌘, React Flow's default); Shift+drag on the pane draws a selection box. */
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

/**
 * React Flow view of the engine graph. The store holds the graph; this keeps
 * only what React Flow measures, and turns its change events into graph edits.
 */
export function Canvas() {
  const graph = useAppStore((s) => s.graph);
  const selectedNodeIds = useAppStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useAppStore((s) => s.selectedEdgeIds);
  const analysis = useAnalysis();
  const flow = useReactFlow<LayerFlowNode>();
  const { screenToFlowPosition } = flow;
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(new Map());
  const [helpOpen, setHelpOpen] = useState(false);
  // The shortcut handler is registered once; it reads whether the overlay is open from here.
  const helpOpenRef = useRef(helpOpen);
  useEffect(() => {
    helpOpenRef.current = helpOpen;
  }, [helpOpen]);
  const cache = useRef(new Map<string, { source: unknown; selected: boolean; measured?: Measured; node: LayerFlowNode }>());
  // Category colour per layer id for the minimap, which asks once per layer per frame while dragging.
  const minimapColors = useRef(new Map<string, string>());

  const help = useMemo<HelpToggle>(
    () => ({
      toggle: () => setHelpOpen((open) => !open),
      close: () => {
        if (!helpOpenRef.current) return false;
        setHelpOpen(false);
        return true;
      },
    }),
    [],
  );
  useEditorShortcuts(flow, help);

  const nodes = useMemo(() => {
    const selected = new Set(selectedNodeIds);
    const next = new Map<string, { source: unknown; selected: boolean; measured?: Measured; node: LayerFlowNode }>();
    const colors = new Map<string, string>();
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
      colors.set(n.id, kindColor(n.kind));
      return node;
    });
    cache.current = next;
    minimapColors.current = colors;
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

  const minimapNodeColor = useCallback((node: LayerFlowNode) => minimapColors.current.get(node.id) ?? UNKNOWN_CATEGORY_COLOR, []);

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const state = useAppStore.getState();
    const moves: { id: string; position: { x: number; y: number } }[] = [];
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
      }
      // 'remove' never comes: React Flow's delete key is off, Delete is one undo step in useEditorShortcuts.
    }
    if (moves.length) state.moveNodes(moves);
    if (selection) state.setSelection([...selection]);
    if (sizes.length) setMeasured((current) => new Map([...current, ...sizes]));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length === 0) return;
    const state = useAppStore.getState();
    const next = new Set(state.selectedEdgeIds);
    for (const c of selects) {
      if (c.selected) next.add(c.id);
      else next.delete(c.id);
    }
    state.setEdgeSelection([...next]);
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const result = useAppStore.getState().connect(connection.source, connection.target);
    if (!result.ok) useAppStore.getState().showNotice(result.reason);
  }, []);

  // A drop on a refused handle never reaches onConnect; say why, in the engine's words.
  const onConnectEnd = useCallback<OnConnectEnd>((_event, connection) => {
    if (connection.isValid !== false || !connection.fromNode || !connection.toNode || !connection.fromHandle) return;
    const fromSource = connection.fromHandle.type === 'source';
    const source = fromSource ? connection.fromNode.id : connection.toNode.id;
    const target = fromSource ? connection.toNode.id : connection.fromNode.id;
    const check = checkConnection(useAppStore.getState().graph, source, target);
    if (!check.ok) useAppStore.getState().showNotice(check.reason);
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
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        // A drag (of one layer or a whole selection) is one undo step; the next edit starts a new one.
        onNodeDragStop={endEditBurst}
        onSelectionDragStop={endEditBurst}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable nodeColor={minimapNodeColor} nodeBorderRadius={3} />
        <Controls fitViewOptions={FIT_VIEW_OPTIONS} />
        <CanvasToolbar onShowHelp={help.toggle} />
      </ReactFlow>
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
