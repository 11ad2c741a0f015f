import { z } from 'zod';
import type { Shape } from '../shape';
import { elementsOf } from './cost';
import { activationParam, baseKerasConfig } from './params';
import { ok, type LayerSpec, type ShapeResult } from './spec';

export const ActivationParamsSchema = z.object({
  activation: activationParam('relu', 'Function applied to every value.'),
});
export type ActivationParams = z.infer<typeof ActivationParamsSchema>;

/** An activation is applied element-wise, so the shape is unchanged. */
export function activationOutputShape(input: Shape): ShapeResult {
  return ok(input);
}

export const activationSpec: LayerSpec<ActivationParams> = {
  kind: 'Activation',
  category: 'Activation',
  description: 'Applies an activation function to every value; the shape is unchanged.',
  namePrefix: 'activation',
  params: ActivationParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => activationOutputShape(inputs[0] ?? []),
  // One op per value whatever the function: a convention, not a cycle count.
  flops: (_inputs, output) => elementsOf(output),
  toKeras: (params, name) => ({
    class_name: 'Activation',
    config: { ...baseKerasConfig(name), activation: params.activation },
  }),
};
