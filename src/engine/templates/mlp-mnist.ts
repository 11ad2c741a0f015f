import { chainGraph, layerNode } from './build';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

/** Tutorial §1.2.2 (the functional model it trains): Input(784) → Dense(128, relu) → Dropout(0.2) → Dense(10, softmax). */
export const mlpMnistTemplate: ProjectTemplate = {
  id: 'mlp-mnist',
  title: 'MLP with MNIST',
  group: 'images',
  description:
    'A multilayer perceptron that classifies handwritten digits: the 784 pixels of each image (scaled to [0, 1]) feed 128 ReLU neurons, 20% dropout and a 10-way softmax. Trained as the tutorial does: categorical cross-entropy, Adadelta, batches of 256, 5 epochs, the last 20% of the training images held out for validation.',
  dataset: 'mnist',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [784] }),
    layerNode('Dense', 'dense_1', { units: 128, activation: 'relu', use_bias: true }),
    layerNode('Dropout', 'dropout_1', { rate: 0.2 }),
    layerNode('Dense', 'dense_2', { units: 10, activation: 'softmax', use_bias: true }),
  ]),
  training: tutorialTraining({ dataset: 'mnist', epochs: 5, batchSize: 256, validation: 'split', validationSplit: 0.2 }),
  tutorial: {
    section: '1. MLP with MNIST',
    result: 'test accuracy 0.9722 after 5 epochs',
    epochs: [
      { loss: 0.4428, acc: 0.8696, val_loss: 0.2045, val_acc: 0.9447 },
      { loss: 0.2092, acc: 0.9401, val_loss: 0.1505, val_acc: 0.956 },
      { loss: 0.1609, acc: 0.9523, val_loss: 0.1259, val_acc: 0.9637 },
      { loss: 0.1303, acc: 0.9618, val_loss: 0.1074, val_acc: 0.9684 },
      { loss: 0.1129, acc: 0.9676, val_loss: 0.1, val_acc: 0.9706 },
    ],
    test: { loss: 0.0920637251928, acc: 0.9722 },
  },
};
