import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { axisParam, lastAxisAsMinusOne, ONES, resolveAxis, ZEROS } from './common';
import { elementsOf } from './cost';
import { firstOf } from './fromKerasValues';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const BatchNormalizationParamsSchema = z.object({
  axis: axisParam('The features axis that gets normalised; -1 is the last one (the channels of an image).'),
  momentum: z
    .number()
    .min(0)
    .max(1)
    .default(0.99)
    .meta({ title: 'Momentum', description: 'How slowly the moving mean and variance used at inference follow each batch.' }),
  epsilon: z
    .number()
    .gt(0)
    .max(1)
    .default(0.001)
    .meta({ title: 'Epsilon', description: 'Small number added to the variance so the layer never divides by zero.' }),
});
export type BatchNormalizationParams = z.infer<typeof BatchNormalizationParamsSchema>;

/** The shape is unchanged; the normalised axis must exist and be known. */
export function batchNormalizationOutputShape(input: Shape, axis: number): ShapeResult {
  const resolved = resolveAxis('BatchNormalization', axis, input);
  if (typeof resolved !== 'number') return resolved;
  if (input[resolved] === null) {
    return fail(`BatchNormalization needs a known size on axis ${axis} but receives ${formatShape(input)}.`);
  }
  return ok(input);
}

/** gamma, beta, moving mean and moving variance: four weights per feature (tfjs counts all four). */
export function batchNormalizationParamCount(input: Shape, axis: number): number {
  const resolved = axis < 0 ? input.length + axis : axis;
  return 4 * (input[resolved] ?? 0);
}

export const batchNormalizationSpec: LayerSpec<BatchNormalizationParams> = {
  kind: 'BatchNormalization',
  category: 'Normalization',
  description: 'Normalises each feature to zero mean and unit variance over the batch, then scales and shifts it with learned weights.',
  namePrefix: 'batch_normalization',
  params: BatchNormalizationParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => batchNormalizationOutputShape(inputs[0] ?? [], params.axis),
  paramCount: (inputs, params) => batchNormalizationParamCount(inputs[0] ?? [], params.axis),
  // At inference the mean, variance, gamma and beta fold into one scale and one shift per value.
  flops: (_inputs, output) => 2 * elementsOf(output),
  kerasWeights: () => ({ trainable: ['gamma', 'beta'], nonTrainable: ['moving_mean', 'moving_variance'] }),
  // TF 2 Keras may write the axis as a 1-element list.
  fromKeras: (config) => ({ ...config, axis: firstOf(config.axis) }),
  canonicalParams: (params, inputs) => ({ ...params, axis: lastAxisAsMinusOne(params.axis, inputs[0]) }),
  toKeras: (params, name) => ({
    class_name: 'BatchNormalization',
    config: {
      ...baseKerasConfig(name),
      axis: params.axis,
      momentum: params.momentum,
      epsilon: params.epsilon,
      center: true,
      scale: true,
      beta_initializer: ZEROS,
      gamma_initializer: ONES,
      moving_mean_initializer: ZEROS,
      moving_variance_initializer: ONES,
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
    },
  }),
};
