import type * as TF from '@tensorflow/tfjs';
import { foldVectors, type RawActivation } from './activations';

/**
 * The bulk work around a recurrent loop, in tfjs ops (differentiated by
 * tfjs): the input projections of all steps at once, time-major order,
 * go_backwards, and the layer's output. Weights keep tfjs' layout: kernel
 * [F, G·U], recurrent kernel [U, G·U], bias [G·U], gates side by side.
 */

export interface RecurrentWeights {
  kernel: TF.Tensor;
  recurrentKernel: TF.Tensor;
  bias: TF.Tensor | null;
}

export interface SequenceOptions {
  returnSequences: boolean;
  /** Read the sequence from its end; with return_sequences the output stays in that reversed order, as in tfjs and Keras. */
  goBackwards: boolean;
}

/** A column block of the weights (one gate, or several with one activation) and the activation of its pre-activation. */
export interface ColumnBlock {
  width: number;
  activation: RawActivation;
}

/** x [B, T, F] → [T, B, F], reversed in time when reading backwards. */
export function timeMajor(tf: typeof TF, x: TF.Tensor, goBackwards: boolean): TF.Tensor {
  const t = tf.transpose(x, [1, 0, 2]);
  return goBackwards ? tf.reverse(t, 0) : t;
}

/**
 * Every step's input projection x·K′ + b′, time-major [T, B, G·U], where K′
 * and b′ carry the blocks' folded activation scale and shift. Also returns
 * the recurrent kernel with the same column scale.
 */
export function projectInputs(
  tf: typeof TF,
  x: TF.Tensor,
  weights: RecurrentWeights,
  blocks: readonly ColumnBlock[],
  goBackwards: boolean,
): { xw: TF.Tensor; recurrentKernel: TF.Tensor } {
  const [batch, steps, features] = x.shape as [number, number, number];
  const { scale, shift } = foldVectors(tf, blocks);
  const kernel = scale ? tf.mul(weights.kernel, scale) : weights.kernel;
  const recurrentKernel = scale ? tf.mul(weights.recurrentKernel, scale) : weights.recurrentKernel;
  let bias = weights.bias && scale ? tf.mul(weights.bias, scale) : weights.bias;
  if (shift) bias = bias ? tf.add(bias, shift) : shift;
  let xw = tf.matMul(tf.reshape(x, [batch * steps, features]), kernel);
  if (bias) xw = tf.add(xw, bias);
  const width = kernel.shape[1]!;
  return { xw: timeMajor(tf, tf.reshape(xw, [batch, steps, width]), goBackwards), recurrentKernel };
}

/** All hidden states [T, B, U] → the layer's output: [B, T, U] with return_sequences, else the last state [B, U]. */
export function layerOutput(tf: typeof TF, states: TF.Tensor, returnSequences: boolean): TF.Tensor {
  const [steps, batch, units] = states.shape as [number, number, number];
  if (returnSequences) return tf.transpose(states, [1, 0, 2]);
  return tf.reshape(tf.slice(states, [steps - 1, 0, 0], [1, batch, units]), [batch, units]);
}

/** Columns [from, from + width) of a [rows, N] matrix or an [N] vector. */
export function columns(tf: typeof TF, m: TF.Tensor, from: number, width: number): TF.Tensor {
  return m.rank === 1 ? tf.slice(m, [from], [width]) : tf.slice(m, [0, from], [m.shape[0]!, width]);
}
