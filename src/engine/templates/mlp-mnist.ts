import { TrainingSettingsSchema } from '../training';
import { chainGraph, layerNode } from './build';
import type { ProjectTemplate } from './types';

/** The Keras `mnist_mlp` example, trimmed to one hidden layer. */
export const mlpMnistTemplate: ProjectTemplate = {
  id: 'mlp-mnist',
  title: 'MLP with MNIST',
  description:
    'A multilayer perceptron that classifies handwritten digits: the 784 pixels of each image feed 128 ReLU neurons, dropout, and a 10-way softmax.',
  dataset: 'mnist',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [784] }),
    layerNode('Dense', 'dense_1', { units: 128, activation: 'relu', use_bias: true }),
    layerNode('Dropout', 'dropout_1', { rate: 0.2 }),
    layerNode('Dense', 'dense_2', { units: 10, activation: 'softmax', use_bias: true }),
  ]),
  // Parsed so settings added to the schema later get their defaults.
  training: TrainingSettingsSchema.parse({
    dataset: 'mnist',
    epochs: 5,
    batchSize: 128,
    validationSplit: 0.2,
    optimizer: { kind: 'adadelta', learningRate: 1.0 },
    outputs: [],
    trainLimit: null,
  }),
};
