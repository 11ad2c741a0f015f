/**
 * Layers and optimizers with the defaults of Keras 1 (the seed tutorial's
 * era) rather than tfjs': tfjs initialises kernels with Glorot *normal* and
 * leaves the LSTM forget-gate bias at 0, Keras with Glorot *uniform* and 1;
 * tfjs' Adadelta defaults to lr 0.001, Keras' to 1.0. Every choice that
 * matters is written out, not left to either library's defaults.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './types';

type DenseArgs = Parameters<Tf['layers']['dense']>[0];
type Conv2dArgs = Parameters<Tf['layers']['conv2d']>[0];
type GruArgs = Parameters<Tf['layers']['gru']>[0];
type LstmArgs = Parameters<Tf['layers']['lstm']>[0];
type EmbeddingArgs = Parameters<Tf['layers']['embedding']>[0];

/** Keras' `Dense`: Glorot-uniform kernel, zero bias. */
export function kerasDense(tf: Tf, args: DenseArgs): TF.layers.Layer {
  return tf.layers.dense({ kernelInitializer: 'glorotUniform', biasInitializer: 'zeros', ...args });
}

/** Keras' `Convolution2D`/`Conv2D`: Glorot-uniform kernel, zero bias, stride 1, channels last. */
export function kerasConv2d(tf: Tf, args: Conv2dArgs): TF.layers.Layer {
  return tf.layers.conv2d({
    kernelInitializer: 'glorotUniform',
    biasInitializer: 'zeros',
    strides: 1,
    dataFormat: 'channelsLast',
    ...args,
  });
}

const RECURRENT_DEFAULTS = {
  activation: 'tanh',
  recurrentActivation: 'hardSigmoid',
  kernelInitializer: 'glorotUniform',
  recurrentInitializer: 'orthogonal',
  biasInitializer: 'zeros',
} as const;

/**
 * Keras 1's `GRU`: hard-sigmoid gates, reset gate applied before the
 * recurrent product (tfjs supports only that form, `reset_after=False`).
 */
export function kerasGru(tf: Tf, args: GruArgs): TF.layers.Layer {
  return tf.layers.gru({ ...RECURRENT_DEFAULTS, ...args });
}

/** Keras 1's `LSTM`: hard-sigmoid gates and a forget-gate bias initialised to 1 (`forget_bias_init='one'`). */
export function kerasLstm(tf: Tf, args: LstmArgs): TF.layers.Layer {
  return tf.layers.lstm({ ...RECURRENT_DEFAULTS, unitForgetBias: true, ...args });
}

/** Keras' `Embedding`: `init='uniform'`, i.e. U(−0.05, 0.05), unless the seed says otherwise. */
export function kerasEmbedding(tf: Tf, args: EmbeddingArgs): TF.layers.Layer {
  return tf.layers.embedding({
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }),
    ...args,
  });
}

/** Keras 1 optimizers with their Keras 1 default hyper-parameters (epsilon 1e-8). */
export const kerasOptimizers = {
  /** `SGD(lr=0.01, momentum=0.)`, Keras' `'sgd'`. */
  sgd: (tf: Tf, lr = 0.01) => tf.train.sgd(lr),
  /** `Adadelta(lr=1.0, rho=0.95, epsilon=1e-8)`, Keras' `'adadelta'`. */
  adadelta: (tf: Tf, lr = 1.0) => tf.train.adadelta(lr, 0.95, 1e-8),
  /** `Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8)`, Keras' `'adam'`. */
  adam: (tf: Tf, lr = 0.001) => tf.train.adam(lr, 0.9, 0.999, 1e-8),
  /** `RMSprop(lr=0.001, rho=0.9, epsilon=1e-8)`, Keras' `'rmsprop'`. */
  rmsprop: (tf: Tf, lr = 0.001) => tf.train.rmsprop(lr, 0.9, 0, 1e-8),
};
