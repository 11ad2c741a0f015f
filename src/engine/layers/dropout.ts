import { z } from 'zod';
import type { Shape } from '../shape';
import { baseKerasConfig } from './params';
import { ok, type LayerSpec, type ShapeResult } from './spec';

export const DropoutParamsSchema = z.object({
  rate: z
    .number()
    .min(0)
    .lt(1)
    .default(0.5)
    .meta({
      title: 'Rate',
      description: 'Fraction of inputs set to zero at random during training (0 ≤ rate < 1).',
    }),
});
export type DropoutParams = z.infer<typeof DropoutParamsSchema>;

/** Dropout never changes the shape. */
export function dropoutOutputShape(input: Shape): ShapeResult {
  return ok(input);
}

export const dropoutSpec: LayerSpec<DropoutParams> = {
  kind: 'Dropout',
  category: 'Regularization',
  description: 'Randomly zeroes a fraction of its inputs while training, which reduces overfitting.',
  namePrefix: 'dropout',
  params: DropoutParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => dropoutOutputShape(inputs[0] ?? []),
  toKeras: (params, name) => ({
    class_name: 'Dropout',
    config: { ...baseKerasConfig(name), rate: params.rate, noise_shape: null, seed: null },
  }),
};
