import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { axisParam, lastAxisAsMinusOne, ordinal, resolveAxis } from './common';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const MAX_MERGE_INPUTS = 16;

export const ConcatenateParamsSchema = z.object({
  axis: axisParam('The axis the inputs are joined along; -1 is the last one (the features).'),
});
export type ConcatenateParams = z.infer<typeof ConcatenateParamsSchema>;

/**
 * Joins the inputs (in connection order) along `axis`; every other axis must
 * match. (None, 16, 128) and (None, 16, 128) on -1 give (None, 16, 256).
 */
export function concatenateOutputShape(inputs: readonly Shape[], axis: number): ShapeResult {
  const first = inputs[0];
  if (!first || inputs.length < 2) return fail('Concatenate needs at least 2 inputs.');
  const resolved = resolveAxis('Concatenate', axis, first);
  if (typeof resolved !== 'number') return resolved;
  const out: (number | null)[] = [...first];
  for (let i = 1; i < inputs.length; i++) {
    const shape = inputs[i]!;
    const mismatch =
      shape.length !== first.length ||
      shape.some((d, k) => k !== resolved && k !== 0 && d !== null && out[k] !== null && d !== out[k]);
    if (mismatch) {
      return fail(
        `Concatenate joins along axis ${axis}, so all other dimensions must match, but the 1st input is ${formatShape(first)} and the ${ordinal(i)} is ${formatShape(shape)}.`,
      );
    }
    shape.forEach((d, k) => {
      if (k === resolved) out[k] = out[k] === null || d === null ? null : (out[k] as number) + d;
      else if (out[k] === null) out[k] = d;
    });
  }
  return ok(out);
}

export const concatenateSpec: LayerSpec<ConcatenateParams> = {
  kind: 'Concatenate',
  category: 'Merge',
  description: 'Joins 2 or more inputs along one axis, in the order they are connected, e.g. two (None, 16, 128) into (None, 16, 256).',
  namePrefix: 'concatenate',
  params: ConcatenateParamsSchema,
  arity: { min: 2, max: MAX_MERGE_INPUTS },
  inferShape: (inputs, params) => concatenateOutputShape(inputs, params.axis),
  toKeras: (params, name) => ({ class_name: 'Concatenate', config: { ...baseKerasConfig(name), axis: params.axis } }),
  // A script may well write Concatenate(axis=2) for the last axis of a sequence.
  canonicalParams: (params, inputs) => ({ ...params, axis: lastAxisAsMinusOne(params.axis, inputs[0]) }),
};
