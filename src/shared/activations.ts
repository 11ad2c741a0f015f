import { z } from 'zod';

/**
 * Layer images: every layer's outputs for a few probe samples, computed by the
 * trainer. Values travel as raw bytes, quantised per layer to 0–255 between
 * the layer's min and max (`value = min + q / 255 * (max - min)`): a quarter
 * of float32's size, and as fine as a screen can show. Electron's IPC carries
 * the Uint8Array as is; the web host sends it in a binary frame
 * (binaryFrames.ts), never as JSON numbers.
 */
export const LayerActivationsSchema = z.object({
  /** Keras layer name, as the graph's node names. */
  layer: z.string(),
  /** Keras class name (Conv2D, Dense, LSTM, Input, …). */
  kind: z.string(),
  /** Output shape with the probe samples first: [samples, ...]. */
  shape: z.array(z.number().int().min(0)),
  min: z.number(),
  max: z.number(),
  data: z.instanceof(Uint8Array),
});

export const ActivationsSnapshotSchema = z.object({
  /** Epoch (from 1) and global step the weights had; step 0: before training, or a saved run. */
  epoch: z.number().int().min(0),
  step: z.number().int().min(0),
  /** Training-set indices of the probe samples, in the order of every layer's first axis. */
  samples: z.array(z.number().int().min(0)),
  /** Per model input: each probe sample's words, for text inputs whose vocabulary is known. */
  words: z.record(z.string(), z.array(z.array(z.string()))).default({}),
  layers: z.array(LayerActivationsSchema),
});

export type LayerActivations = z.infer<typeof LayerActivationsSchema>;
export type ActivationsSnapshot = z.infer<typeof ActivationsSnapshotSchema>;

/** One layer's values back as floats. */
export function dequantize(layer: Pick<LayerActivations, 'min' | 'max' | 'data'>): Float32Array {
  const scale = (layer.max - layer.min) / 255;
  const out = new Float32Array(layer.data.length);
  for (let i = 0; i < out.length; i++) out[i] = layer.min + layer.data[i]! * scale;
  return out;
}

/** Floats to 0–255 between their min and max; non-finite values become 0. */
export function quantize(values: Float32Array): { min: number; max: number; data: Uint8Array<ArrayBuffer> } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 0, data: new Uint8Array(values.length) };
  const scale = max > min ? 255 / (max - min) : 0;
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    data[i] = Number.isFinite(v) ? Math.round((v - min) * scale) : 0;
  }
  return { min, max, data };
}
