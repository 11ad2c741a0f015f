import { mnistTrain, oneHot } from './data';
import { kerasConv2d, kerasDense, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

/**
 * The final "Adding more Convolution Layers" model (`build_model()`) of the
 * seed's MNIST CNN notebook:
 *
 *   Conv2D(32, 3×3, valid) → ReLU → Conv2D(32, 3×3, valid) → ReLU →
 *   MaxPooling2D(2×2) → Dropout(0.25) → Flatten → Dense(128) → ReLU →
 *   Dropout(0.5) → Dense(nb_classes) → softmax
 *
 * compiled with `optimizer='sgd'` (Keras' SGD, lr 0.01), categorical
 * cross-entropy and accuracy, batch_size 64. The notebook trains it on a
 * 6-versus-not-6 subset (nb_classes = 2) to save time; here it classifies all
 * ten digits of the full training set, the task the rest of the tutorial uses.
 *
 * Params: conv 3·3·1·32+32 = 320, conv 3·3·32·32+32 = 9,248,
 * dense 12·12·32·128+128 = 589,952, dense 128·10+10 = 1,290: 600,810.
 */
export const cnnMnist: NetworkDefinition = {
  id: 'cnn-mnist',
  title: 'CNN on MNIST',
  seedBatchSize: 64,
  source: 'leriomaggio/deep-learning-keras-tensorflow, "4. Convolutional Neural Networks/4.2. MNIST CNN.ipynb" (build_model)',
  targets: 'dense',
  build(tf) {
    const model = tf.sequential({
      name: 'cnn_mnist',
      layers: [
        kerasConv2d(tf, { inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu' }),
        kerasConv2d(tf, { filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.flatten(),
        kerasDense(tf, { units: 128, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        kerasDense(tf, { units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: kerasOptimizers.sgd(tf), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { pixels, labels, count } = await mnistTrain(dataDir, options);
    return { xs: tf.tensor4d(pixels, [count, 28, 28, 1]), ys: oneHot(tf, labels, 10), samples: count };
  },
};
