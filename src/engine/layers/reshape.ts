import { z } from 'zod';
import { featureSize, formatShape, type Shape } from '../shape';
import { MAX_DIM, MAX_INPUT_RANK } from './input';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const ReshapeParamsSchema = z.object({
  target_shape: z
    .array(z.number().int().min(1).max(MAX_DIM))
    .min(1)
    .max(MAX_INPUT_RANK)
    .default(() => [28, 28, 1])
    .meta({
      title: 'Target shape',
      description: 'New shape of one sample without the batch dimension, e.g. [28, 28, 1]. It must hold as many values as the input.',
    }),
});
export type ReshapeParams = z.infer<typeof ReshapeParamsSchema>;

/** (None, …) → (None, …target_shape); the number of values per sample must stay the same. */
export function reshapeOutputShape(input: Shape, target: readonly number[]): ShapeResult {
  const size = featureSize(input);
  if (size === null) {
    return fail(`Reshape needs every dimension except the batch to be known but receives ${formatShape(input)}.`);
  }
  const wanted = target.reduce((a, b) => a * b, 1);
  if (wanted !== size) {
    return fail(
      `Reshape cannot turn ${formatShape(input)} (${size} values) into ${formatShape([null, ...target])} (${wanted} values). The sizes must match.`,
    );
  }
  return ok([input[0] ?? null, ...target]);
}

export const reshapeSpec: LayerSpec<ReshapeParams> = {
  kind: 'Reshape',
  category: 'Reshaping',
  description: 'Rearranges each sample into a new shape with the same number of values, e.g. (None, 784) into (None, 28, 28, 1).',
  namePrefix: 'reshape',
  params: ReshapeParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => reshapeOutputShape(inputs[0] ?? [], params.target_shape),
  toKeras: (params, name) => ({
    class_name: 'Reshape',
    config: { ...baseKerasConfig(name), target_shape: [...params.target_shape] },
  }),
};
