import type * as TF from '@tensorflow/tfjs';

/** The tfjs namespace a network is built with: tfjs-node's, or pure-JS tfjs'. */
export type Tf = typeof TF;

export interface LoadDataOptions {
  /** At most this many samples (the first ones, in the network's fixed sample order). */
  limit?: number;
}

export interface NetworkData {
  /** Model inputs, in the order of `model.inputs`. */
  xs: TF.Tensor | TF.Tensor[];
  /** Targets. Dense targets have the model's output shape; sparse ones are `[samples, 1]` class ids. */
  ys: TF.Tensor | TF.Tensor[];
  samples: number;
}

export interface NetworkDefinition {
  /** Stable id, e.g. `'cnn-cifar10'`. */
  id: string;
  title: string;
  /** The batch size the seed tutorial trains this network with. */
  seedBatchSize: number;
  /** Where the architecture comes from: a notebook of the seed tutorial, or why it is our choice. */
  source: string;
  /**
   * `'dense'`: targets have the output's shape (one-hot classes, sigmoid
   * labels, images). `'sparse'`: one class id per sample, for softmax layers
   * over a vocabulary too large to one-hot every sample in memory; the loss is
   * sparse categorical cross-entropy, the same value as Keras' categorical one.
   */
  targets: 'dense' | 'sparse';
  /** A fresh model, compiled with the seed's optimizer, loss and metrics. */
  build(tf: Tf): TF.LayersModel;
  /** Real data from `dataDir` (the shared datasets root: `mnist/`, `cifar10/`, …), preprocessed as the seed does. */
  loadData(tf: Tf, dataDir: string, options?: LoadDataOptions): Promise<NetworkData>;
}
