import { mnistTrain, oneHot } from './data';
import { kerasDense, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

/**
 * Dense(128, relu) → Dropout(0.2) → Dense(10, softmax) on the 784 pixels;
 * Adadelta(lr=1.0), categorical cross-entropy, accuracy, batch 128 (the seed
 * also holds out 20% for validation). Params: 784·128+128 + 128·10+10 = 101,770.
 */
export const mlpMnist: NetworkDefinition = {
  id: 'mlp-mnist',
  title: 'MLP on MNIST',
  seedBatchSize: 128,
  source:
    'Pinned by issue #3 from the seed\'s Keras MLP (Keras mnist_mlp with one hidden layer); same as the app template src/engine/templates/mlp-mnist.ts',
  targets: 'dense',
  build(tf) {
    const model = tf.sequential({
      name: 'mlp_mnist',
      layers: [
        kerasDense(tf, { inputShape: [784], units: 128, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.2 }),
        kerasDense(tf, { units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: kerasOptimizers.adadelta(tf, 1.0), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { pixels, labels, count } = await mnistTrain(dataDir, options);
    return { xs: tf.tensor2d(pixels, [count, 784]), ys: oneHot(tf, labels, 10), samples: count };
  },
};
