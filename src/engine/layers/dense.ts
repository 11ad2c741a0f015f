import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { lastDim } from './cost';
import { activationParam, baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const MAX_UNITS = 100_000;

export const DenseParamsSchema = z.object({
  units: z
    .number()
    .int()
    .min(1)
    .max(MAX_UNITS)
    .default(128)
    .meta({ title: 'Units', description: 'Number of neurons, which is the size of the output.' }),
  activation: activationParam('linear', 'Function applied to each output; linear means none.'),
  use_bias: z
    .boolean()
    .default(true)
    .meta({ title: 'Use bias', description: 'Add a learned bias to each output.' }),
});
export type DenseParams = z.infer<typeof DenseParamsSchema>;

/**
 * The last-axis arithmetic of a Dense kernel: (…, features) → (…, units).
 * TimeDistributed applies it per step; Dense itself checks the rank first.
 */
export function denseLastAxisShape(input: Shape, units: number): ShapeResult {
  const last = input[input.length - 1];
  if (input.length < 2) {
    return fail(`Dense expects (None, features) but receives ${formatShape(input)}.`);
  }
  if (last === null || last === undefined) {
    return fail(`Dense needs a known last dimension but receives ${formatShape(input)}.`);
  }
  return ok([...input.slice(0, -1), units]);
}

/**
 * Keras 1 semantics, as in the seed tutorial: Dense takes (None, features)
 * only; a sequence goes through TimeDistributed(Dense) and an image through
 * Flatten first, which the analysis offers as fixes.
 */
export function denseOutputShape(input: Shape, units: number): ShapeResult {
  if (input.length !== 2) {
    return fail(`Dense expects (None, features) but receives ${formatShape(input)}.`);
  }
  return denseLastAxisShape(input, units);
}

/** 2·in·units for the weights (a multiply-add is 2 FLOPs), plus one add per unit for the bias. */
export function denseFlops(features: number, units: number, useBias: boolean): number {
  return 2 * features * units + (useBias ? units : 0);
}

export const denseSpec: LayerSpec<DenseParams> = {
  kind: 'Dense',
  category: 'Core',
  description: 'Fully connected layer: every output is a weighted sum of all inputs, (None, features) → (None, units).',
  namePrefix: 'dense',
  params: DenseParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => denseOutputShape(inputs[0] ?? [], params.units),
  paramCount: (inputs, params) => {
    const input = inputs[0] ?? [];
    return (input[input.length - 1] ?? 0) * params.units + (params.use_bias ? params.units : 0);
  },
  flops: (inputs, _output, params) => denseFlops(lastDim(inputs[0]), params.units, params.use_bias),
  kerasWeights: (params) => ({ trainable: params.use_bias ? ['kernel', 'bias'] : ['kernel'] }),
  toKeras: (params, name) => ({
    class_name: 'Dense',
    config: {
      ...baseKerasConfig(name),
      units: params.units,
      activation: params.activation,
      use_bias: params.use_bias,
      // Keras' defaults, set explicitly: tfjs would otherwise pick glorotNormal.
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
  }),
};
