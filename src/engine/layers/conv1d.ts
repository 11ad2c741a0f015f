import { z } from 'zod';
import type { Shape } from '../shape';
import {
  expectRank,
  GLOROT_UNIFORM,
  intParam,
  knownLast,
  MAX_FILTERS,
  MAX_WINDOW,
  NO_REGULARIZERS,
  paddingParam,
  slideWindow,
  ZEROS,
} from './common';
import { elementsOf, lastDim } from './cost';
import { firstOf } from './fromKerasValues';
import { activationParam, baseKerasConfig } from './params';
import { ok, type LayerSpec, type ShapeResult } from './spec';

export const Conv1DParamsSchema = z.object({
  filters: intParam('Filters', 'Number of feature detectors the layer learns, which is the size of the output channel axis.', 32, 1, MAX_FILTERS),
  kernel_size: intParam('Kernel size', 'Length of the sliding window along the steps axis.', 3, 1, MAX_WINDOW),
  strides: intParam('Strides', 'How many steps the window moves each time.', 1, 1, MAX_WINDOW),
  padding: paddingParam(),
  activation: activationParam('linear', 'Function applied to each output; linear means none.'),
  use_bias: z.boolean().default(true).meta({ title: 'Use bias', description: 'Add a learned bias to each filter.' }),
});
export type Conv1DParams = z.infer<typeof Conv1DParamsSchema>;

/** (None, steps, channels) → (None, new_steps, filters). */
export function conv1dOutputShape(input: Shape, params: Conv1DParams): ShapeResult {
  const rank = expectRank('Conv1D', input, 3, '(None, steps, channels)', 'Insert a Reshape layer first.');
  if (rank) return rank;
  const channels = knownLast('Conv1D', input);
  if (typeof channels !== 'number') return channels;
  const dims = slideWindow('Conv1D', input, input.slice(1, 2), [params.kernel_size], [params.strides], params.padding, 'kernel');
  if (!Array.isArray(dims)) return dims;
  return ok([input[0] ?? null, ...dims, params.filters]);
}

export function conv1dParamCount(input: Shape, params: Conv1DParams): number {
  const channels = input[input.length - 1] ?? 0;
  return params.kernel_size * channels * params.filters + (params.use_bias ? params.filters : 0);
}

/** Each output value is a kernel_size·channels dot product (2 FLOPs per multiply-add) plus its bias. */
export function conv1dFlops(input: Shape, output: Shape, params: Conv1DParams): number {
  return elementsOf(output) * (2 * params.kernel_size * lastDim(input) + (params.use_bias ? 1 : 0));
}

export const conv1dSpec: LayerSpec<Conv1DParams> = {
  kind: 'Conv1D',
  category: 'Convolution',
  description: 'Slides learned filters along a sequence (None, steps, channels) and outputs one feature per filter and step.',
  namePrefix: 'conv1d',
  params: Conv1DParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => conv1dOutputShape(inputs[0] ?? [], params),
  paramCount: (inputs, params) => conv1dParamCount(inputs[0] ?? [], params),
  flops: (inputs, output, params) => conv1dFlops(inputs[0] ?? [], output, params),
  threadedKernels: true,
  kerasWeights: (params) => ({ trainable: params.use_bias ? ['kernel', 'bias'] : ['kernel'] }),
  // Keras writes the window and stride as 1-element lists; LayerLab keeps plain numbers.
  fromKeras: (config) => ({ ...config, kernel_size: firstOf(config.kernel_size), strides: firstOf(config.strides) }),
  toKeras: (params, name) => ({
    class_name: 'Conv1D',
    config: {
      ...baseKerasConfig(name),
      filters: params.filters,
      kernel_size: [params.kernel_size],
      strides: [params.strides],
      padding: params.padding,
      data_format: 'channels_last',
      dilation_rate: [1],
      activation: params.activation,
      use_bias: params.use_bias,
      kernel_initializer: GLOROT_UNIFORM,
      bias_initializer: ZEROS,
      ...NO_REGULARIZERS,
    },
  }),
};
