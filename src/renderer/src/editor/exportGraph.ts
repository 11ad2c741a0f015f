import { getNodesBounds, getViewportForBounds, type ReactFlowInstance } from '@xyflow/react';
import { toBlob } from 'html-to-image';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useAppStore } from '../store';
import { FALLBACK_SIZE } from './autoLayout';
import type { LayerFlowNode } from './LayerNode';
import { CATEGORY_COLORS, UNKNOWN_CATEGORY_COLOR, summarizeParams } from './layerText';
import { connectionBetween, graphToSvg, type SvgLayerBox } from './svgExport';
import { analyze } from './useAnalysis';

type Flow = ReactFlowInstance<LayerFlowNode>;

const PNG_PADDING = 40;
/** CSS pixels; at pixel ratio 2 that is an 8k-pixel image, about what canvases reliably allow. */
const PNG_MAX_SIDE = 4096;

/** `MLP with MNIST` → `mlp-with-mnist`: the project name as a file name. */
export function fileBaseName(projectName: string): string {
  const slug = projectName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'model';
}

/** Saves through the browser's download (web mode) or Electron's save prompt. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the URL asynchronously; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The whole model as a PNG at twice the on-screen resolution, on white, whatever part of it is in view. */
export async function exportPng(flow: Flow): Promise<void> {
  const viewportElement = document.querySelector<HTMLElement>('.react-flow__viewport');
  const nodes = flow.getNodes();
  if (!viewportElement || nodes.length === 0) return;
  const bounds = getNodesBounds(nodes);
  const scale = Math.min(1, PNG_MAX_SIDE / (bounds.width + 2 * PNG_PADDING), PNG_MAX_SIDE / (bounds.height + 2 * PNG_PADDING));
  const width = Math.ceil((bounds.width + 2 * PNG_PADDING) * scale);
  const height = Math.ceil((bounds.height + 2 * PNG_PADDING) * scale);
  const viewport = getViewportForBounds(bounds, width, height, 0.05, 1, `${Math.floor(PNG_PADDING * scale)}px`);
  const blob = await toBlob(viewportElement, {
    backgroundColor: '#ffffff',
    width,
    height,
    pixelRatio: 2,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.zoom})` },
  });
  if (blob) downloadBlob(blob, `${fileBaseName(useAppStore.getState().meta.name)}.png`);
}

/** The SVG text of the model as laid out on the canvas, with the sizes React Flow measured. */
export function modelSvg(flow: Flow): string {
  const { graph, training, meta } = useAppStore.getState();
  const analysis = analyze(graph, training.dataset, training.outputs);
  const boxes = new Map<string, SvgLayerBox>();
  for (const node of graph.nodes) {
    const size = flow.getInternalNode(node.id)?.measured;
    const spec = getLayerSpec(node.kind);
    const shape = analysis.nodeShapes[node.id];
    boxes.set(node.id, {
      x: node.position.x,
      y: node.position.y,
      width: size?.width ?? FALLBACK_SIZE.width,
      height: size?.height ?? FALLBACK_SIZE.height,
      kind: node.kind,
      name: node.name,
      detail: summarizeParams(node.kind, node.params),
      shape: shape ? formatShape(shape) : '—',
      color: spec ? CATEGORY_COLORS[spec.category] : UNKNOWN_CATEGORY_COLOR,
      errors: analysis.issues.filter((i) => i.nodeId === node.id && i.severity === 'error').map((i) => i.message),
    });
  }
  const brokenEdges = new Set(analysis.issues.flatMap((i) => (i.edgeId ? [i.edgeId] : [])));
  const connections = graph.edges.flatMap((edge) => {
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) return [];
    const shape = analysis.edgeShapes[edge.id];
    return [connectionBetween(source, target, shape ? formatShape(shape) : '?', !shape || brokenEdges.has(edge.id))];
  });
  return graphToSvg([...boxes.values()], connections, meta.name);
}

export function exportSvg(flow: Flow): void {
  const blob = new Blob([modelSvg(flow)], { type: 'image/svg+xml' });
  downloadBlob(blob, `${fileBaseName(useAppStore.getState().meta.name)}.svg`);
}
