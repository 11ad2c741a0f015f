import type { Graph } from '../../../engine/graph';
import { getLayerSpec } from '../../../engine/layers/registry';
import { CATEGORY_COLORS, UNKNOWN_CATEGORY_COLOR } from '../editor/layerText';
import { LARGEST_LAYER } from './templateLayout';

export interface ThumbnailBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The layer's category colour, as on the canvas. */
  color: string;
  kind: string;
}

export interface ThumbnailLine {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ThumbnailGeometry {
  /** SVG viewBox covering every box plus a margin. */
  viewBox: string;
  boxes: ThumbnailBox[];
  lines: ThumbnailLine[];
}

/** Drawn a little smaller than a layer's room, so neighbours stay apart at thumbnail scale. */
const BOX = { width: 200, height: 56 };
const MARGIN = 30;

/**
 * A miniature of the graph in flow coordinates: one box per layer at its
 * position, one line per connection from the bottom middle of its source to
 * the top middle of its target, as the canvas draws them.
 */
export function thumbnailGeometry(graph: Graph): ThumbnailGeometry {
  const boxes = graph.nodes.map((n) => {
    const category = getLayerSpec(n.kind)?.category;
    return {
      id: n.id,
      // Centred in the room the layout left for the largest layer.
      x: n.position.x + (LARGEST_LAYER.width - BOX.width) / 2,
      y: n.position.y,
      ...BOX,
      color: category ? CATEGORY_COLORS[category] : UNKNOWN_CATEGORY_COLOR,
      kind: n.kind,
    };
  });
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const lines: ThumbnailLine[] = [];
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    lines.push({
      id: edge.id,
      x1: source.x + source.width / 2,
      y1: source.y + source.height,
      x2: target.x + target.width / 2,
      y2: target.y,
    });
  }
  if (boxes.length === 0) return { viewBox: `0 0 ${BOX.width} ${BOX.height}`, boxes, lines };
  const left = Math.min(...boxes.map((b) => b.x)) - MARGIN;
  const top = Math.min(...boxes.map((b) => b.y)) - MARGIN;
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + MARGIN;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + MARGIN;
  return { viewBox: `${left} ${top} ${right - left} ${bottom - top}`, boxes, lines };
}
