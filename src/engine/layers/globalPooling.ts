import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { elementsOf } from './cost';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerCategory, type LayerSpec, type ShapeResult } from './spec';

/** Shared by the global pooling layers, which have no params. */
export const GlobalPoolingParamsSchema = z.object({});
export type GlobalPoolingParams = z.infer<typeof GlobalPoolingParamsSchema>;

/** (None, steps, features) → (None, features); (None, rows, cols, channels) → (None, channels). */
export function globalPoolingOutputShape(layer: string, input: Shape, rank: 3 | 4): ShapeResult {
  if (input.length !== rank) {
    const notation = rank === 3 ? '(None, steps, features)' : '(None, rows, cols, channels)';
    return fail(`${layer} expects ${notation} but receives ${formatShape(input)}.`);
  }
  return ok([input[0] ?? null, input[rank - 1] ?? null]);
}

export function globalPoolingSpec(
  kind: string,
  namePrefix: string,
  rank: 3 | 4,
  description: string,
): LayerSpec<GlobalPoolingParams> {
  const category: LayerCategory = 'Pooling';
  return {
    kind,
    category,
    description,
    namePrefix,
    params: GlobalPoolingParamsSchema,
    arity: { min: 1, max: 1 },
    inferShape: (inputs) => globalPoolingOutputShape(kind, inputs[0] ?? [], rank),
    // The window is every step (or pixel), so each input value is compared or added once.
    flops: (inputs) => elementsOf(inputs[0]),
    toKeras: (_params, name) => ({ class_name: kind, config: { ...baseKerasConfig(name), data_format: 'channels_last' } }),
  };
}
