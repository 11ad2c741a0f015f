import { z } from 'zod';
import { featureSize, formatShape, type Shape } from '../shape';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const FlattenParamsSchema = z.object({});
export type FlattenParams = z.infer<typeof FlattenParamsSchema>;

/**
 * (None, a, b, …) → (None, a·b·…). tfjs requires at least three dimensions
 * (its Flatten has `minNDim: 3`), so an already-flat input is an error.
 */
export function flattenOutputShape(input: Shape): ShapeResult {
  if (input.length < 3) {
    return fail(
      `Flatten expects at least (None, a, b) but receives ${formatShape(input)}, which is already flat. Remove this Flatten layer.`,
    );
  }
  const size = featureSize(input);
  if (size === null) {
    return fail(`Flatten needs every dimension except the batch to be known but receives ${formatShape(input)}.`);
  }
  return ok([input[0] ?? null, size]);
}

export const flattenSpec: LayerSpec<FlattenParams> = {
  kind: 'Flatten',
  category: 'Reshaping',
  description: 'Unrolls each sample into one long vector, e.g. (None, 28, 28) becomes (None, 784).',
  namePrefix: 'flatten',
  params: FlattenParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => flattenOutputShape(inputs[0] ?? []),
  toKeras: (_params, name) => ({
    class_name: 'Flatten',
    config: { ...baseKerasConfig(name), data_format: 'channels_last' },
  }),
};
