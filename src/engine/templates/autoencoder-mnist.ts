import { chainGraph, layerNode } from './build';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

const LOSSES = [0.1114, 0.0838, 0.0688, 0.0648, 0.0632, 0.062, 0.061, 0.0599, 0.0589, 0.0577, 0.0566, 0.0554, 0.0541, 0.0529, 0.0517, 0.0505, 0.0494, 0.0483, 0.0473];

/** Tutorial §7: Input(784) → Dense(144, relu) → Dense(784), `fit(X_train, X_train)` on the first 7,000 images. */
export const autoencoderMnistTemplate: ProjectTemplate = {
  id: 'autoencoder-mnist',
  title: 'Autoencoder with MNIST',
  group: 'images',
  description:
    'An autoencoder that squeezes each 784-pixel digit through 144 ReLU units (drawn as a 12×12 code) and rebuilds all 784 pixels with a linear layer. The image is its own target (the dataset target "image"), learned with mean squared error by Adadelta in batches of 256 for 19 epochs on the first 7,000 training images, without validation, as the tutorial does.',
  dataset: 'mnist',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [784] }),
    layerNode('Dense', 'dense_1', { units: 144, activation: 'relu', use_bias: true }),
    layerNode('Dense', 'dense_2', { units: 784, activation: 'linear', use_bias: true }),
  ]),
  training: tutorialTraining({
    dataset: 'mnist',
    epochs: 19,
    batchSize: 256,
    validation: 'none',
    validationSplit: 0,
    trainLimit: 7000,
    outputs: [{ layer: 'dense_2', target: 'image', loss: 'mean_squared_error', metrics: [], weight: 1 }],
  }),
  tutorial: {
    section: '7. Autoencoder with MNIST',
    result: 'loss (MSE) 0.0473 after 19 epochs',
    epochs: LOSSES.map((loss) => ({ loss })),
  },
};
