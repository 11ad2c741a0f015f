import { z } from 'zod';
import type { Shape } from '../shape';
import {
  expectRank,
  GLOROT_UNIFORM,
  intParam,
  knownLast,
  MAX_FILTERS,
  NO_REGULARIZERS,
  paddingParam,
  pairParam,
  slideWindow,
  ZEROS,
} from './common';
import { elementsOf, lastDim } from './cost';
import { activationParam, baseKerasConfig } from './params';
import { ok, type LayerSpec, type ShapeResult } from './spec';

export const Conv2DParamsSchema = z.object({
  filters: intParam('Filters', 'Number of feature maps the layer learns, which is the size of the output channel axis.', 32, 1, MAX_FILTERS),
  kernel_size: pairParam('Kernel size', 'Height and width of the sliding window, e.g. [3, 3].', [3, 3]),
  strides: pairParam('Strides', 'How far the window moves each step, as [rows, cols].', [1, 1]),
  padding: paddingParam(),
  activation: activationParam('linear', 'Function applied to each output; linear means none.'),
  use_bias: z.boolean().default(true).meta({ title: 'Use bias', description: 'Add a learned bias to each filter.' }),
});
export type Conv2DParams = z.infer<typeof Conv2DParamsSchema>;

/** (None, rows, cols, channels) → (None, new_rows, new_cols, filters). */
export function conv2dOutputShape(input: Shape, params: Conv2DParams): ShapeResult {
  const rank = expectRank('Conv2D', input, 4, '(None, rows, cols, channels)', 'Insert a Reshape layer first.');
  if (rank) return rank;
  const channels = knownLast('Conv2D', input);
  if (typeof channels !== 'number') return channels;
  const dims = slideWindow('Conv2D', input, input.slice(1, 3), params.kernel_size, params.strides, params.padding, 'kernel');
  if (!Array.isArray(dims)) return dims;
  return ok([input[0] ?? null, ...dims, params.filters]);
}

export function conv2dParamCount(input: Shape, params: Conv2DParams): number {
  const channels = input[input.length - 1] ?? 0;
  const [kh = 1, kw = 1] = params.kernel_size;
  return kh * kw * channels * params.filters + (params.use_bias ? params.filters : 0);
}

/** Each output value is a kh·kw·channels dot product (2 FLOPs per multiply-add) plus its bias. */
export function conv2dFlops(input: Shape, output: Shape, params: Conv2DParams): number {
  const [kh = 1, kw = 1] = params.kernel_size;
  return elementsOf(output) * (2 * kh * kw * lastDim(input) + (params.use_bias ? 1 : 0));
}

export const conv2dSpec: LayerSpec<Conv2DParams> = {
  kind: 'Conv2D',
  category: 'Convolution',
  description: 'Slides learned filters over an image (None, rows, cols, channels) and outputs one feature map per filter.',
  namePrefix: 'conv2d',
  params: Conv2DParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => conv2dOutputShape(inputs[0] ?? [], params),
  paramCount: (inputs, params) => conv2dParamCount(inputs[0] ?? [], params),
  flops: (inputs, output, params) => conv2dFlops(inputs[0] ?? [], output, params),
  threadedKernels: true,
  kerasWeights: (params) => ({ trainable: params.use_bias ? ['kernel', 'bias'] : ['kernel'] }),
  toKeras: (params, name) => ({
    class_name: 'Conv2D',
    config: {
      ...baseKerasConfig(name),
      filters: params.filters,
      kernel_size: [...params.kernel_size],
      strides: [...params.strides],
      padding: params.padding,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: params.activation,
      use_bias: params.use_bias,
      kernel_initializer: GLOROT_UNIFORM,
      bias_initializer: ZEROS,
      ...NO_REGULARIZERS,
    },
  }),
};
