import type * as TF from '@tensorflow/tfjs';
import { rawActivation } from '../activations';
import type { KernelContext, LayerForward, LayerGradients } from '../types';

/** A layer's config as tfjs serialises it (camelCase keys). */
export type LayerConfig = Record<string, unknown>;

export function configOf(layer: TF.layers.Layer): LayerConfig {
  return layer.getConfig() as LayerConfig;
}

/** All the layer's weights (trainable or not) as the tensors to compute with, in Keras' order. */
export function weightValues(layer: TF.layers.Layer): TF.Tensor[] {
  return layer.weights.map((w) => w.read());
}

/** Why a layer's regularizers or constraints keep it off the raw step, or null. */
export function unsupportedExtras(config: LayerConfig): string | null {
  for (const [key, value] of Object.entries(config)) {
    if (value != null && (key.endsWith('Regularizer') || key.endsWith('Constraint'))) {
      return `${key} is set (the raw step adds no penalties or constraints)`;
    }
  }
  return null;
}

/**
 * The layer's activation on top of its linear part `z`: the output, its
 * backward through the activation, and the logits a cross-entropy can fuse with.
 */
export function withActivation(
  kc: KernelContext,
  activation: string,
  z: TF.Tensor,
  backwardLinear: (dz: TF.Tensor) => LayerGradients,
): LayerForward {
  const act = rawActivation(kc, activation)!;
  const a = act(z);
  const forward: LayerForward = { output: a.output, backward: (dy) => backwardLinear(a.backward(dy)) };
  if (activation === 'softmax' || activation === 'sigmoid') forward.logits = { activation, value: z, backward: backwardLinear };
  return forward;
}

/** Checks the activation up front, so an unsupported one is named when the step is planned. */
export function activationName(kc: KernelContext, config: LayerConfig): string | { unsupported: string } {
  const name = typeof config.activation === 'string' ? config.activation : 'linear';
  return rawActivation(kc, name) ? name : { unsupported: `activation '${name}' has no raw backward` };
}

/** A static shape with the batch axis as it is at run time. */
export function shapeWith(batch: number, rest: readonly (number | null)[]): number[] {
  return [batch, ...rest.map((d) => d ?? -1)];
}

/**
 * A bias' gradient: the sum over every axis but the last. One `Sum` is what
 * BiasAddGrad computes, but TensorFlow 2.9's BiasAddGrad is ~8× slower on a
 * convolution's [B, H, W, C] (2.25 against 0.28 ms at 256×30×30×10).
 */
export function biasGradient(kc: KernelContext, dz: TF.Tensor): TF.Tensor {
  const { exec, attr, T } = kc.ops;
  const axes = kc.constants.ints(dz.shape.slice(0, -1).map((_, i) => i));
  return exec('Sum', [...T, attr.type('Tidx', 'int32'), attr.bool('keep_dims', false)], [dz, axes], 1)[0]!;
}

/** x reshaped (a no-op when it already has the shape); float32 or int32, as x is. */
export function reshape(kc: KernelContext, x: TF.Tensor, shape: readonly number[]): TF.Tensor {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const { exec, attr } = kc.ops;
  return exec('Reshape', [attr.type('T', x.dtype === 'int32' ? 'int32' : 'float32'), attr.type('Tshape', 'int32')], [x, kc.constants.ints(shape)], 1)[0]!;
}
