import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { MAX_DIM } from './input';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const RepeatVectorParamsSchema = z.object({
  n: z
    .number()
    .int()
    .min(1)
    .max(MAX_DIM)
    .default(16)
    .meta({ title: 'Repeats', description: 'How many times the vector is repeated, which becomes the number of steps.' }),
});
export type RepeatVectorParams = z.infer<typeof RepeatVectorParamsSchema>;

/** (None, features) → (None, n, features). */
export function repeatVectorOutputShape(input: Shape, n: number): ShapeResult {
  if (input.length !== 2) {
    return fail(`RepeatVector expects (None, features) but receives ${formatShape(input)}. Insert a Flatten layer first.`);
  }
  return ok([input[0] ?? null, n, input[1] ?? null]);
}

export const repeatVectorSpec: LayerSpec<RepeatVectorParams> = {
  kind: 'RepeatVector',
  category: 'Reshaping',
  description: 'Repeats a vector n times to make a sequence, e.g. to feed an encoding to every step of a decoder.',
  namePrefix: 'repeat_vector',
  params: RepeatVectorParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => repeatVectorOutputShape(inputs[0] ?? [], params.n),
  toKeras: (params, name) => ({ class_name: 'RepeatVector', config: { ...baseKerasConfig(name), n: params.n } }),
};
