import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { ordinal } from './common';
import { MAX_MERGE_INPUTS } from './concatenate';
import { elementwiseMergeFlops } from './cost';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const AddParamsSchema = z.object({});
export type AddParams = z.infer<typeof AddParamsSchema>;

/** Element-wise sum: every input must have the same shape. */
export function addOutputShape(inputs: readonly Shape[]): ShapeResult {
  const first = inputs[0];
  if (!first || inputs.length < 2) return fail('Add needs at least 2 inputs.');
  const out: (number | null)[] = [...first];
  for (let i = 1; i < inputs.length; i++) {
    const shape = inputs[i]!;
    const mismatch = shape.length !== first.length || shape.some((d, k) => d !== null && out[k] !== null && d !== out[k]);
    if (mismatch) {
      return fail(
        `Add needs inputs of the same shape, but the 1st input is ${formatShape(first)} and the ${ordinal(i)} is ${formatShape(shape)}.`,
      );
    }
    shape.forEach((d, k) => {
      if (out[k] === null) out[k] = d;
    });
  }
  return ok(out);
}

export const addSpec: LayerSpec<AddParams> = {
  kind: 'Add',
  category: 'Merge',
  description: 'Adds 2 or more inputs of the same shape element by element, e.g. for a residual connection.',
  namePrefix: 'add',
  params: AddParamsSchema,
  arity: { min: 2, max: MAX_MERGE_INPUTS },
  inferShape: (inputs) => addOutputShape(inputs),
  flops: (inputs, output) => elementwiseMergeFlops(inputs, output),
  toKeras: (_params, name) => ({ class_name: 'Add', config: baseKerasConfig(name) }),
};
