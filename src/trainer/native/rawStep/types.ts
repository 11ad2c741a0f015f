import type * as TF from '@tensorflow/tfjs';
import type { RawOps } from '../rawOps';
import type { Constants } from './constants';

/** Gradients a layer's backward pass hands back. */
export interface LayerGradients {
  /** One per layer input; null where no gradient is needed (model inputs, integer ids). */
  inputs: (TF.Tensor | null)[];
  /** One per `layer.trainableWeights`, in that order. */
  weights: TF.Tensor[];
}

/** The output of a layer's forward pass, with what its backward pass needs held in the closure. */
export interface LayerForward {
  output: TF.Tensor;
  backward(dOutput: TF.Tensor): LayerGradients;
  /**
   * Set when the output is softmax or sigmoid of `logits`, so a cross-entropy
   * loss can start from the logits: TensorFlow's fused softmax cross-entropy
   * (what Keras 2 does too) is exact where log(clip(p)) is not, and cheaper.
   */
  logits?: { activation: 'softmax' | 'sigmoid'; value: TF.Tensor; backward(dLogits: TF.Tensor): LayerGradients };
}

export interface ForwardContext {
  training: boolean;
  /** Per input: whether anything upstream needs its gradient (false for a model input). */
  needsInputGradient: boolean[];
}

/** A layer's forward pass in raw ops; its backward is what the result carries. */
export interface RawLayer {
  forward(inputs: TF.Tensor[], ctx: ForwardContext): LayerForward;
}

export interface KernelContext {
  ops: RawOps;
  constants: Constants;
}

/** Makes a layer's raw kernel, or says why the layer has none (then it runs on the gradient tape). */
export type RawLayerFactory = (layer: TF.layers.Layer, kc: KernelContext) => RawLayer | { unsupported: string };
