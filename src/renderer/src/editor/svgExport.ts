import { getBezierPath, Position } from '@xyflow/react';

/** One layer as drawn on the canvas, in flow coordinates. */
export interface SvgLayerBox {
  x: number;
  y: number;
  width: number;
  height: number;
  kind: string;
  name: string;
  /** The parameter summary line, e.g. `128 units · relu`. */
  detail: string;
  /** Output shape text, e.g. `(None, 128)`, or `—` when unknown. */
  shape: string;
  /** Stripe colour of the layer's category. */
  color: string;
  errors: readonly string[];
}

export interface SvgConnection {
  /** Path data in flow coordinates. */
  d: string;
  label: string;
  labelX: number;
  labelY: number;
  broken: boolean;
}

type Box = Pick<SvgLayerBox, 'x' | 'y' | 'width' | 'height'>;

/** The same bezier React Flow draws: from the bottom middle of the source to the top middle of the target. */
export function connectionBetween(source: Box, target: Box, label: string, broken: boolean): SvgConnection {
  const [d, labelX, labelY] = getBezierPath({
    sourceX: source.x + source.width / 2,
    sourceY: source.y + source.height,
    sourcePosition: Position.Bottom,
    targetX: target.x + target.width / 2,
    targetY: target.y,
    targetPosition: Position.Top,
  });
  return { d, label, labelX, labelY, broken };
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace";
const PADDING = 24;
const LINE = 14;
/** Average advance of an 11 px sans-serif character; SVG has no text wrapping, so lines are broken by estimate. */
const SMALL_CHAR_WIDTH = 5.6;
/** Advance of an 11 px monospace character (0.6 em). */
const MONO_CHAR_WIDTH = 6.6;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Keeps ids and colours from user data out of attribute syntax. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : '#64748b';
}

function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const n = (value: number) => String(Math.round(value * 100) / 100);

function errorLines(layer: SvgLayerBox): string[] {
  return layer.errors.flatMap((message) => wrap(message, Math.max(12, Math.floor((layer.width - 20) / SMALL_CHAR_WIDTH))));
}

/** The measured height, grown when the estimated error lines need more room than the page gave them. */
function drawnHeight(layer: SvgLayerBox): number {
  const lines = errorLines(layer).length;
  return Math.max(layer.height, 18 + 2 * LINE + 8 + lines * LINE + (lines ? 4 : 0));
}

function layerSvg(layer: SvgLayerBox): string {
  const hasError = layer.errors.length > 0;
  const height = drawnHeight(layer);
  const fill = hasError ? '#fef2f2' : '#ffffff';
  const stroke = hasError ? '#dc2626' : '#94a3b8';
  const stripe = hasError ? '#dc2626' : safeColor(layer.color);
  const text = [
    `<text x="10" y="18" font-size="13"><tspan font-weight="700">${escapeXml(layer.kind)}</tspan><tspan dx="6" font-size="11" fill="#6b7280">${escapeXml(layer.name)}</tspan></text>`,
    `<text x="10" y="${18 + LINE}" font-size="11" fill="#374151">${escapeXml(layer.detail)}</text>`,
    `<text x="10" y="${18 + 2 * LINE}" font-size="11" font-family="${MONO}" fill="#2563eb">${escapeXml(layer.shape)}</text>`,
    ...errorLines(layer).map((line, i) => `<text x="10" y="${18 + (3 + i) * LINE + 4}" font-size="11" fill="#dc2626">${escapeXml(line)}</text>`),
  ];
  return [
    `<g class="layer" transform="translate(${n(layer.x)} ${n(layer.y)})">`,
    `<title>${escapeXml(`${layer.kind} ${layer.name}`)}</title>`,
    `<rect width="${n(layer.width)}" height="${n(height)}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${hasError ? 1.5 : 1}"/>`,
    `<path d="M6 0.5 H4 A3.5 3.5 0 0 0 0.5 4 V${n(height - 4)} A3.5 3.5 0 0 0 4 ${n(height - 0.5)} H6 Z" fill="${stripe}"/>`,
    ...text,
    '</g>',
  ].join('\n');
}

function connectionSvg(edge: SvgConnection): string {
  const stroke = edge.broken ? ' stroke="#dc2626" stroke-dasharray="4 3"' : ' stroke="#b1b1b7"';
  const width = edge.label.length * MONO_CHAR_WIDTH + 12;
  return [
    `<g class="connection">`,
    `<path d="${escapeXml(edge.d)}" fill="none" stroke-width="1.5"${stroke}/>`,
    edge.label
      ? `<rect x="${n(edge.labelX - width / 2)}" y="${n(edge.labelY - 9)}" width="${n(width)}" height="18" rx="4" fill="#eef2ff"/>` +
        `<text x="${n(edge.labelX)}" y="${n(edge.labelY + 4)}" text-anchor="middle" font-size="11" font-family="${MONO}" fill="#1f2933">${escapeXml(edge.label)}</text>`
      : '',
    '</g>',
  ].join('\n');
}

/**
 * A self-contained SVG of the model: plain rects, paths and text, no
 * foreignObject or CSS, so vector editors and LaTeX pipelines can use it.
 */
export function graphToSvg(layers: readonly SvgLayerBox[], connections: readonly SvgConnection[], title = 'Model'): string {
  const xs = layers.flatMap((l) => [l.x, l.x + l.width]);
  const ys = layers.flatMap((l) => [l.y, l.y + drawnHeight(l)]);
  const minX = (xs.length ? Math.min(...xs) : 0) - PADDING;
  const minY = (ys.length ? Math.min(...ys) : 0) - PADDING;
  const width = (xs.length ? Math.max(...xs) : 0) + PADDING - minX;
  const height = (ys.length ? Math.max(...ys) : 0) + PADDING - minY;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="${n(minX)} ${n(minY)} ${n(width)} ${n(height)}" font-family="${FONT}" fill="#1f2933">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="${n(minX)}" y="${n(minY)}" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`,
    // Connections first, so layers cover their ends as on the canvas.
    ...connections.map(connectionSvg),
    ...layers.map(layerSvg),
    '</svg>',
    '',
  ].join('\n');
}
