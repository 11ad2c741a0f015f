import { z } from 'zod';
import type { Shape } from '../shape';
import { expectRank, MAX_WINDOW, paddingParam, pairParam, slideWindow } from './common';
import { elementsOf } from './cost';
import { baseKerasConfig } from './params';
import { ok, type LayerSpec, type ShapeResult } from './spec';

export const Pooling2DParamsSchema = z.object({
  pool_size: pairParam('Pool size', 'Height and width of the pooling window, e.g. [2, 2] halves rows and cols.', [2, 2]),
  strides: z
    .array(z.number().int().min(1).max(MAX_WINDOW))
    .min(2)
    .max(2)
    .nullable()
    .default(null)
    .meta({ title: 'Strides', description: 'How far the window moves each step, as [rows, cols]; empty means the pool size.' }),
  padding: paddingParam(),
});
export type Pooling2DParams = z.infer<typeof Pooling2DParamsSchema>;

/** (None, rows, cols, channels) → (None, new_rows, new_cols, channels). */
export function pooling2dOutputShape(layer: string, input: Shape, params: Pooling2DParams): ShapeResult {
  const rank = expectRank(layer, input, 4, '(None, rows, cols, channels)', 'Insert a Reshape layer first.');
  if (rank) return rank;
  const strides = params.strides ?? params.pool_size;
  const dims = slideWindow(layer, input, input.slice(1, 3), params.pool_size, strides, params.padding, 'pool size');
  if (!Array.isArray(dims)) return dims;
  return ok([input[0] ?? null, ...dims, input[3] ?? null]);
}

export function poolingSpec(kind: 'MaxPooling2D' | 'AveragePooling2D', namePrefix: string, description: string): LayerSpec<Pooling2DParams> {
  return {
    kind,
    category: 'Pooling',
    description,
    namePrefix,
    params: Pooling2DParamsSchema,
    arity: { min: 1, max: 1 },
    inferShape: (inputs, params) => pooling2dOutputShape(kind, inputs[0] ?? [], params),
    // One compare (max) or add (average) per value in each window.
    flops: (_inputs, output, params) => elementsOf(output) * params.pool_size[0]! * params.pool_size[1]!,
    // toKeras writes empty strides as the pool size; strides equal to it read back as empty.
    fromKeras: (config) => ({
      ...config,
      strides: JSON.stringify(config.strides) === JSON.stringify(config.pool_size) ? null : config.strides,
    }),
    toKeras: (params, name) => ({
      class_name: kind,
      config: {
        ...baseKerasConfig(name),
        pool_size: [...params.pool_size],
        strides: [...(params.strides ?? params.pool_size)],
        padding: params.padding,
        data_format: 'channels_last',
      },
    }),
  };
}

export const maxPooling2dSpec = poolingSpec(
  'MaxPooling2D',
  'max_pooling2d',
  'Keeps the largest value in each window of an image, shrinking rows and cols (by half with the default 2×2).',
);
