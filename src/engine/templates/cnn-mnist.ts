import { TrainingSettingsSchema } from '../training';
import { chainGraph, layerNode } from './build';
import type { ProjectTemplate } from './types';

/**
 * The seed's MNIST CNN (notebook "4.2 MNIST CNN", `build_model`), on all ten
 * digits: two 3×3 ReLU convolutions, max pooling and dropout, then a dense head.
 * The same architecture as the trainer's `cnn-mnist` network definition.
 */
export const cnnMnistTemplate: ProjectTemplate = {
  id: 'cnn-mnist',
  title: 'CNN with MNIST',
  description:
    'A convolutional network for handwritten digits: two 3×3 convolutions with 32 filters, 2×2 max pooling and dropout, then 128 ReLU neurons and a 10-way softmax.',
  dataset: 'mnist',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [28, 28, 1] }),
    layerNode('Conv2D', 'conv2d_1', { filters: 32, kernel_size: [3, 3], padding: 'valid', activation: 'relu' }),
    layerNode('Conv2D', 'conv2d_2', { filters: 32, kernel_size: [3, 3], padding: 'valid', activation: 'relu' }),
    layerNode('MaxPooling2D', 'max_pooling2d_1', { pool_size: [2, 2] }),
    layerNode('Dropout', 'dropout_1', { rate: 0.25 }),
    layerNode('Flatten', 'flatten_1', {}),
    layerNode('Dense', 'dense_1', { units: 128, activation: 'relu', use_bias: true }),
    layerNode('Dropout', 'dropout_2', { rate: 0.5 }),
    layerNode('Dense', 'dense_2', { units: 10, activation: 'softmax', use_bias: true }),
  ]),
  training: TrainingSettingsSchema.parse({
    dataset: 'mnist',
    epochs: 12,
    batchSize: 64,
    validationSplit: 0.2,
    optimizer: { kind: 'sgd', learningRate: 0.01 },
    outputs: [],
    trainLimit: null,
  }),
};
