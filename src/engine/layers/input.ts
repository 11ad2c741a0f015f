import { z } from 'zod';
import { withBatch, type Shape } from '../shape';
import { ok, type LayerSpec, type ShapeResult } from './spec';

export const MAX_DIM = 1_000_000;
export const MAX_INPUT_RANK = 5;

export const InputParamsSchema = z.object({
  shape: z
    .array(z.number().int().min(1).max(MAX_DIM))
    .min(1)
    .max(MAX_INPUT_RANK)
    .default(() => [784])
    .meta({
      title: 'Shape',
      description:
        'Shape of one sample without the batch dimension, e.g. [784] for flattened MNIST digits or [28, 28, 1] for images.',
    }),
});
export type InputParams = z.infer<typeof InputParamsSchema>;

export function inputOutputShape(featureShape: readonly number[]): ShapeResult {
  return ok(withBatch(featureShape));
}

export const inputSpec: LayerSpec<InputParams> = {
  kind: 'Input',
  category: 'Input',
  description: 'Where data enters the model. Its shape is one sample, without the batch dimension.',
  namePrefix: 'input',
  params: InputParamsSchema,
  arity: { min: 0, max: 0 },
  inferShape: (_inputs: readonly Shape[], params) => inputOutputShape(params.shape),
  // Keras 2 writes `batch_input_shape`, Keras 3 `batch_shape`; both start with the batch axis.
  fromKeras: (config) => {
    const batchShape = config.batch_input_shape ?? config.batch_shape;
    return { shape: Array.isArray(batchShape) ? batchShape.slice(1) : undefined };
  },
  toKeras: (params, name) => ({
    class_name: 'InputLayer',
    config: { batch_input_shape: [null, ...params.shape], dtype: 'float32', sparse: false, name },
  }),
};
