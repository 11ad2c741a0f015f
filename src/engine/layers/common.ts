import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { fail, type ShapeResult } from './spec';

/** Shared param builders and shape arithmetic for the convolution, pooling, recurrent and merge layers. */

export const MAX_FILTERS = 100_000;
export const MAX_WINDOW = 1_000;

export const PADDINGS = ['valid', 'same'] as const;
export type Padding = (typeof PADDINGS)[number];

/** A Keras axis (-1 is the last); the description says what the layer does along it. */
export function axisParam(description: string) {
  return z.number().int().min(-8).max(8).default(-1).meta({ title: 'Axis', description });
}

export function intParam(title: string, description: string, defaultValue: number, min: number, max: number) {
  return z.number().int().min(min).max(max).default(defaultValue).meta({ title, description });
}

/** A `[rows, cols]` pair such as a 2-D kernel size or stride. */
export function pairParam(title: string, description: string, defaultValue: readonly [number, number]) {
  return z
    .array(z.number().int().min(1).max(MAX_WINDOW))
    .min(2)
    .max(2)
    .default(() => [...defaultValue])
    .meta({ title, description });
}

export function paddingParam() {
  return z
    .enum(PADDINGS)
    .default('valid')
    .meta({
      title: 'Padding',
      description: "'valid' uses only whole windows, so the output shrinks; 'same' pads the edges so the output keeps the input size (divided by the stride).",
    });
}

/** Keras' `conv_output_length` (dilation 1); null stays null. */
export function windowOutputLength(length: number | null, window: number, stride: number, padding: Padding): number | null {
  if (length === null) return null;
  return padding === 'same' ? Math.ceil(length / stride) : Math.ceil((length - window + 1) / stride);
}

/** Checks the rank and that the channel (last) axis is known. */
export function expectRank(layer: string, input: Shape, rank: number, notation: string, hint: string): ShapeResult | null {
  if (input.length !== rank) {
    return fail(`${layer} expects ${notation} but receives ${formatShape(input)}.${hint ? ` ${hint}` : ''}`);
  }
  return null;
}

export function knownLast(layer: string, input: Shape): number | ShapeResult {
  const last = input[input.length - 1];
  if (last === null || last === undefined) {
    return fail(`${layer} needs a known last dimension but receives ${formatShape(input)}.`);
  }
  return last;
}

/**
 * Spatial output lengths of a sliding window over `dims`; fails in plain
 * language when the window does not fit (valid padding).
 */
export function slideWindow(
  layer: string,
  input: Shape,
  dims: readonly (number | null)[],
  window: readonly number[],
  strides: readonly number[],
  padding: Padding,
  what: string,
): (number | null)[] | ShapeResult {
  const out = dims.map((d, i) => windowOutputLength(d, window[i] ?? 1, strides[i] ?? 1, padding));
  if (out.some((d) => d !== null && d < 1)) {
    const size = window.join('×');
    return fail(
      `${layer}'s ${what} (${size}) is larger than its input ${formatShape(input)}. Use a smaller ${what} or padding 'same'.`,
    );
  }
  return out;
}

/** -1 for an axis that is the input's last one (Keras 2 saves it either way); any other axis as it is. */
export function lastAxisAsMinusOne(axis: number, input: Shape | undefined): number {
  return input && input.length > 1 && axis === input.length - 1 ? -1 : axis;
}

/** Resolves a Keras axis (negative counts from the end) for a shape of `rank`; the batch axis 0 is not allowed. */
export function resolveAxis(layer: string, axis: number, input: Shape): number | ShapeResult {
  const rank = input.length;
  const resolved = axis < 0 ? rank + axis : axis;
  if (resolved < 1 || resolved >= rank) {
    return fail(
      `${layer}'s axis ${axis} does not fit ${formatShape(input)}: use an axis from 1 to ${rank - 1}, or -1 for the last one.`,
    );
  }
  return resolved;
}

/** Keras parity initialisers. */
export const GLOROT_UNIFORM = { class_name: 'GlorotUniform', config: { seed: null } };
export const ORTHOGONAL = { class_name: 'Orthogonal', config: { gain: 1, seed: null } };
export const ZEROS = { class_name: 'Zeros', config: {} };
export const ONES = { class_name: 'Ones', config: {} };

export const NO_REGULARIZERS = {
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

export function ordinal(i: number): string {
  const n = i + 1;
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
