import type { ActivationsSnapshot, LayerActivations } from '../../../shared/activations';

/**
 * How a layer's outputs are drawn, as the tutorial draws them: one picture of
 * tiles on a grid, rendered to a canvas pixel for pixel.
 * - Feature maps (samples, rows, cols, channels): a column per sample, a row
 *   per channel (its `draw_digit(mat, nb_filters, show_size, …)`), each map
 *   scaled to its own range as `imshow` does; 3 channels are one colour image.
 * - Vectors (samples, n): a square image per sample when n is a perfect
 *   square (the autoencoder's 144 units as 12×12), else one strip per sample.
 * - Reconstructions: an output as large as an Input image is drawn as that
 *   image, under the input it rebuilds.
 * - Sequences (samples, timesteps, units): a timestep × unit heatmap per
 *   sample (recurrent outputs, embeddings of the probe words).
 */
export type PictureKind = 'maps' | 'colour' | 'vectors' | 'strips' | 'reconstruction' | 'sequence';

export interface LayerPicture {
  kind: PictureKind;
  /** Canvas size in pixels. */
  width: number;
  height: number;
  /** RGBA, row-major. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** The grid of tiles: rows × columns. */
  gridRows: number;
  gridCols: number;
  rowLabel: string;
  colLabel: string;
}

interface Tile {
  width: number;
  height: number;
  /** `width × height × channels` bytes, channels 1 or 3. */
  values: ArrayLike<number>;
  channels: 1 | 3;
  /** Scale to this tile's own min and max (imshow), else use the bytes as they are. */
  stretch: boolean;
  /** Diverging blue–white–red around `zero` (a byte), for signed heatmaps; null: grey. */
  zero: number | null;
}

const GAP = 1;
const BACKGROUND = [236, 238, 242];

function isSquare(n: number): boolean {
  const side = Math.round(Math.sqrt(n));
  return side * side === n && n > 1;
}

/** The byte that encodes 0 when a layer's range spans it, for diverging heatmaps. */
function zeroByte(layer: Pick<LayerActivations, 'min' | 'max'>): number | null {
  if (!(layer.min < 0 && layer.max > 0)) return null;
  return Math.round((-layer.min / (layer.max - layer.min)) * 255);
}

/** An input's image size: rows × cols × channels of an image Input, or a square of a flat one. */
function imageShape(layer: LayerActivations): [number, number, 1 | 3] | null {
  const [, ...rest] = layer.shape;
  if (rest.length === 3 && (rest[2] === 1 || rest[2] === 3)) return [rest[0]!, rest[1]!, rest[2] as 1 | 3];
  if (rest.length === 1 && isSquare(rest[0]!)) return [Math.sqrt(rest[0]!), Math.sqrt(rest[0]!), 1];
  if (rest.length === 2) return [rest[0]!, rest[1]!, 1];
  return null;
}

const perSample = (layer: LayerActivations) => layer.shape.slice(1).reduce((a, b) => a * b, 1);

function sampleValues(layer: LayerActivations, s: number): Uint8Array {
  const size = perSample(layer);
  return layer.data.subarray(s * size, (s + 1) * size);
}

/** The Input whose images this layer rebuilds (same size per sample), if any. */
function rebuiltInput(layer: LayerActivations, snapshot: ActivationsSnapshot): LayerActivations | null {
  if (layer.kind === 'Input') return null;
  return snapshot.layers.find((l) => l.kind === 'Input' && perSample(l) === perSample(layer) && imageShape(l) !== null) ?? null;
}

/** One channel of an (H, W, C) sample. */
function channel(values: Uint8Array, height: number, width: number, channels: number, c: number): Uint8Array {
  const out = new Uint8Array(height * width);
  for (let p = 0; p < out.length; p++) out[p] = values[p * channels + c]!;
  return out;
}

function tilesFor(layer: LayerActivations, snapshot: ActivationsSnapshot, only: number | null): { kind: PictureKind; grid: Tile[][]; rowLabel: string; colLabel: string } {
  const samples = layer.shape[0] ?? 0;
  const [, ...rest] = layer.shape;
  const indices = only !== null && only < samples ? [only] : Array.from({ length: samples }, (_, s) => s);
  if (rest.length === 3) {
    const [height, width, channels] = rest as [number, number, number];
    if (channels === 3) {
      const row = indices.map((s): Tile => ({ width, height, values: sampleValues(layer, s), channels: 3, stretch: false, zero: null }));
      return { kind: 'colour', grid: [row], rowLabel: 'colour', colLabel: 'samples' };
    }
    const grid = Array.from({ length: channels }, (_, c) =>
      indices.map((s): Tile => ({ width, height, values: channel(sampleValues(layer, s), height, width, channels, c), channels: 1, stretch: true, zero: null })),
    );
    return { kind: 'maps', grid, rowLabel: 'channels', colLabel: 'samples' };
  }
  if (rest.length === 1) {
    const n = rest[0]!;
    const input = rebuiltInput(layer, snapshot);
    const shape = input ? imageShape(input) : null;
    if (input && shape) {
      const [height, width, channels] = shape;
      const row = (source: LayerActivations) => indices.map((s): Tile => ({ width, height, values: sampleValues(source, s), channels, stretch: channels === 1, zero: null }));
      return { kind: 'reconstruction', grid: [row(input), row(layer)], rowLabel: 'inputs / reconstructions', colLabel: 'samples' };
    }
    if (isSquare(n)) {
      const side = Math.sqrt(n);
      const row = indices.map((s): Tile => ({ width: side, height: side, values: sampleValues(layer, s), channels: 1, stretch: true, zero: null }));
      return { kind: 'vectors', grid: [row], rowLabel: `${side}×${side} units`, colLabel: 'samples' };
    }
    // One strip per sample, stacked: a samples × units heatmap on the layer's range.
    const zero = zeroByte(layer);
    return {
      kind: 'strips',
      grid: [[{ width: n, height: samples, values: layer.data.subarray(0, samples * n), channels: 1, stretch: false, zero }]],
      rowLabel: 'samples',
      colLabel: 'units',
    };
  }
  // Sequences and anything deeper: per sample, the first axis against the rest.
  const timesteps = rest[0] ?? 1;
  const units = rest.slice(1).reduce((a, b) => a * b, 1);
  const zero = zeroByte(layer);
  const tiles = indices.map((s): Tile => ({ width: units, height: timesteps, values: sampleValues(layer, s), channels: 1, stretch: false, zero }));
  const perRow = Math.max(1, Math.min(samples, Math.floor(600 / Math.max(1, units + GAP)) || 1, 5));
  const grid: Tile[][] = [];
  for (let i = 0; i < tiles.length; i += perRow) grid.push(tiles.slice(i, i + perRow));
  return { kind: 'sequence', grid, rowLabel: 'timesteps', colLabel: 'units' };
}

function paint(rgba: Uint8ClampedArray, canvasWidth: number, x0: number, y0: number, tile: Tile): void {
  let lo = 0;
  let hi = 255;
  if (tile.stretch) {
    lo = 255;
    hi = 0;
    for (let i = 0; i < tile.values.length; i++) {
      const v = tile.values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const range = hi > lo ? hi - lo : 1;
  for (let y = 0; y < tile.height; y++) {
    for (let x = 0; x < tile.width; x++) {
      const p = y * tile.width + x;
      const at = ((y0 + y) * canvasWidth + x0 + x) * 4;
      let r: number, g: number, b: number;
      if (tile.channels === 3) {
        [r, g, b] = [tile.values[p * 3]!, tile.values[p * 3 + 1]!, tile.values[p * 3 + 2]!];
      } else if (tile.zero !== null) {
        const v = tile.values[p]!;
        // Negative blue, positive red, zero white.
        const t = v >= tile.zero ? (v - tile.zero) / Math.max(1, 255 - tile.zero) : (tile.zero - v) / Math.max(1, tile.zero);
        const fade = Math.round(255 * (1 - t));
        [r, g, b] = v >= tile.zero ? [255, fade, fade] : [fade, fade, 255];
      } else {
        const v = Math.round(((tile.values[p]! - lo) / range) * 255);
        [r, g, b] = [v, v, v];
      }
      rgba[at] = r;
      rgba[at + 1] = g;
      rgba[at + 2] = b;
      rgba[at + 3] = 255;
    }
  }
}

/** Whether the layer is drawn as sequences (a heatmap per sample), where one sample at a time reads best. */
export function isSequence(layer: Pick<LayerActivations, 'shape'>): boolean {
  return layer.shape.length === 3 || layer.shape.length > 4;
}

/** The layer's picture; `sample` (a probe position) draws that sample alone. */
export function layerPicture(layer: LayerActivations, snapshot: ActivationsSnapshot, sample: number | null = null): LayerPicture {
  const { kind, grid, rowLabel, colLabel } = tilesFor(layer, snapshot, sample);
  const gridCols = Math.max(0, ...grid.map((row) => row.length));
  const colWidths = Array.from({ length: gridCols }, (_, c) => Math.max(0, ...grid.map((row) => row[c]?.width ?? 0)));
  const rowHeights = grid.map((row) => Math.max(0, ...row.map((t) => t.height)));
  const width = Math.max(1, colWidths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, gridCols - 1));
  const height = Math.max(1, rowHeights.reduce((a, b) => a + b, 0) + GAP * Math.max(0, grid.length - 1));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([...BACKGROUND, 255], i * 4);
  let y = 0;
  grid.forEach((row, r) => {
    let x = 0;
    row.forEach((tile, c) => {
      paint(rgba, width, x, y, tile);
      x += colWidths[c]! + GAP;
    });
    y += rowHeights[r]! + GAP;
  });
  return { kind, width, height, rgba, gridRows: grid.length, gridCols, rowLabel, colLabel };
}
