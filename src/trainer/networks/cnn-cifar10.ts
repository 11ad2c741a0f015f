import { cifar10Train, oneHot } from './data';
import { kerasConv2d, kerasDense, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

/**
 * The seed's CIFAR-10 network (Keras' cifar10_cnn example):
 *
 *   [Conv2D(32, 3×3, same) → ReLU → Conv2D(32, 3×3, valid) → ReLU → MaxPool(2×2) → Dropout(0.25)]
 *   [Conv2D(64, 3×3, same) → ReLU → Conv2D(64, 3×3, valid) → ReLU → MaxPool(2×2) → Dropout(0.25)]
 *   Flatten → Dense(512) → ReLU → Dropout(0.5) → Dense(10) → softmax
 *
 * Adadelta (Keras defaults, lr 1.0), categorical cross-entropy, accuracy;
 * trained on batches of 500 images. The notebook also augments and
 * standardises batches with ImageDataGenerator; that is data augmentation,
 * not architecture, and is left out: pixels are /255 as in its loading cell.
 *
 * Params: 896 + 9,248 + 18,496 + 36,928 + (6·6·64)·512+512 = 1,180,160 + 5,130 = 1,250,858.
 */
export const cnnCifar10: NetworkDefinition = {
  id: 'cnn-cifar10',
  title: 'CNN on CIFAR-10',
  seedBatchSize: 500,
  source: 'leriomaggio/deep-learning-keras-tensorflow, "3.1 CNN on CIFAR10.ipynb" with its solution solutions/sol31.py',
  targets: 'dense',
  build(tf) {
    const model = tf.sequential({
      name: 'cnn_cifar10',
      layers: [
        kerasConv2d(tf, { inputShape: [32, 32, 3], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
        kerasConv2d(tf, { filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.dropout({ rate: 0.25 }),
        kerasConv2d(tf, { filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
        kerasConv2d(tf, { filters: 64, kernelSize: 3, padding: 'valid', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.flatten(),
        kerasDense(tf, { units: 512, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        kerasDense(tf, { units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: kerasOptimizers.adadelta(tf), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { pixels, labels, count } = await cifar10Train(dataDir, options);
    return { xs: tf.tensor4d(pixels, [count, 32, 32, 3]), ys: oneHot(tf, labels, 10), samples: count };
  },
};
