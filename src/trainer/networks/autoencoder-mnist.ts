import type * as TF from '@tensorflow/tfjs';
import { mnistTrain } from './data';
import { kerasDense, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

/**
 * The seed's MNIST autoencoder (after the Keras blog's "simplest possible
 * autoencoder"): 784 → Dense(32, relu) → Dense(784, sigmoid), trained x → x
 * with Adadelta and binary cross-entropy, batch 256, pixels /255 flattened.
 *
 * Params: 784·32+32 = 25,120 and 32·784+784 = 25,872: 50,992.
 */
export const autoencoderMnist: NetworkDefinition = {
  id: 'autoencoder-mnist',
  title: 'Autoencoder on MNIST',
  seedBatchSize: 256,
  source: 'leriomaggio/deep-learning-keras-tensorflow, "9. AutoEncoders and Embeddings.ipynb" (encoding_dim = 32)',
  targets: 'dense',
  build(tf) {
    const input = tf.input({ shape: [784], name: 'input_img' });
    const encoded = kerasDense(tf, { units: 32, activation: 'relu', name: 'encoded' }).apply(input) as TF.SymbolicTensor;
    const decoded = kerasDense(tf, { units: 784, activation: 'sigmoid', name: 'decoded' }).apply(encoded);
    const model = tf.model({ inputs: input, outputs: decoded as TF.SymbolicTensor, name: 'autoencoder_mnist' });
    model.compile({ optimizer: kerasOptimizers.adadelta(tf), loss: 'binaryCrossentropy' });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { pixels, count } = await mnistTrain(dataDir, options);
    const xs = tf.tensor2d(pixels, [count, 784]);
    return { xs, ys: xs.clone(), samples: count };
  },
};
