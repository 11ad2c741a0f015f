import type { FitViewOptions, ReactFlowInstance } from '@xyflow/react';
import { useAppStore } from '../store';
import { layoutGraph, type Size } from './autoLayout';
import type { LayerFlowNode } from './LayerNode';

export type Flow = ReactFlowInstance<LayerFlowNode>;

/** The same framing the canvas opens with: everything in view, never zoomed in past 100 %. */
export const FIT_VIEW_OPTIONS: FitViewOptions<LayerFlowNode> = { padding: 0.25, maxZoom: 1 };

export function fitGraph(flow: Flow): void {
  void flow.fitView(FIT_VIEW_OPTIONS);
}

let layoutRunning = false;

/**
 * Lays the model out with ELK using the sizes React Flow measured, as one undo
 * step, then fits it into view. ELK runs asynchronously, off React's render;
 * layers deleted meanwhile are skipped, layers added meanwhile keep their place.
 */
export async function autoLayout(flow: Flow): Promise<void> {
  if (layoutRunning) return;
  layoutRunning = true;
  try {
    const { graph } = useAppStore.getState();
    const sizes = new Map<string, Size>();
    for (const node of graph.nodes) {
      const measured = flow.getInternalNode(node.id)?.measured;
      if (measured?.width && measured.height) sizes.set(node.id, { width: measured.width, height: measured.height });
    }
    const positions = await layoutGraph(graph, sizes);
    const present = new Set(useAppStore.getState().graph.nodes.map((n) => n.id));
    for (const id of positions.keys()) if (!present.has(id)) positions.delete(id);
    useAppStore.getState().placeNodes(positions);
    // fitView must see the new positions, which React Flow takes in on its next render.
    requestAnimationFrame(() => fitGraph(flow));
  } catch (error) {
    useAppStore.getState().showNotice(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    layoutRunning = false;
  }
}
