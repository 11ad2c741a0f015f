import type * as TF from '@tensorflow/tfjs';
import type { SeqOps } from './seqOps';

/** The activations the raw-op loops implement, by tfjs' names (`Activation.getClassName()`). */
export const FUSABLE_ACTIVATIONS = ['linear', 'tanh', 'sigmoid', 'hardSigmoid', 'relu'] as const;
export type FusableActivation = (typeof FUSABLE_ACTIVATIONS)[number];

export function isFusableActivation(name: string): name is FusableActivation {
  return (FUSABLE_ACTIVATIONS as readonly string[]).includes(name);
}

/**
 * An activation as f(a) = g(scale·a + shift). Where `a` is a product with a
 * weight matrix plus a bias (every gate and candidate), the affine part is
 * folded into the weights outside the loop, so a hard sigmoid, tfjs'
 * clip(0.2·a + 0.5, 0, 1), costs one `ClipByValue` per step.
 */
export interface RawActivation {
  readonly name: FusableActivation;
  readonly scale: number;
  readonly shift: number;
  /** g as native ops on a tensor (no op for linear). */
  apply(s: SeqOps, x: TF.Tensor): TF.Tensor;
  /**
   * g′ as a function of g's output y, in tfjs ops over a whole sequence; null
   * when it is 1. At a clip's corners (a hard sigmoid's input exactly at ±2.5)
   * tfjs passes the gradient and this does not: those points have measure zero.
   */
  slope(tf: typeof TF, y: TF.Tensor): TF.Tensor | null;
}

const ACTIVATIONS: Record<FusableActivation, RawActivation> = {
  linear: { name: 'linear', scale: 1, shift: 0, apply: (_s, x) => x, slope: () => null },
  tanh: { name: 'tanh', scale: 1, shift: 0, apply: (s, x) => s.unary('Tanh', x), slope: (tf, y) => tf.sub(1, tf.square(y)) },
  sigmoid: { name: 'sigmoid', scale: 1, shift: 0, apply: (s, x) => s.unary('Sigmoid', x), slope: (tf, y) => tf.mul(y, tf.sub(1, y)) },
  hardSigmoid: {
    name: 'hardSigmoid',
    scale: 0.2,
    shift: 0.5,
    apply: (s, x) => s.clip01(x),
    slope: (tf, y) => tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 1)), 'float32'),
  },
  relu: { name: 'relu', scale: 1, shift: 0, apply: (s, x) => s.unary('Relu', x), slope: (tf, y) => tf.cast(tf.greater(y, 0), 'float32') },
};

export function rawActivation(name: FusableActivation): RawActivation {
  return ACTIVATIONS[name];
}

/** Whether g alone is f (nothing to fold): needed where the input is no weight product, as an LSTM's cell state. */
export function isUnfolded(activation: RawActivation): boolean {
  return activation.scale === 1 && activation.shift === 0;
}

/**
 * Per-column scale and shift for a kernel whose column blocks have these
 * widths and activations; null parts where there is nothing to do.
 */
export function foldVectors(
  tf: typeof TF,
  blocks: ReadonlyArray<{ width: number; activation: RawActivation }>,
): { scale: TF.Tensor1D | null; shift: TF.Tensor1D | null } {
  const size = blocks.reduce((sum, block) => sum + block.width, 0);
  const scale = new Float32Array(size);
  const shift = new Float32Array(size);
  let offset = 0;
  for (const { width, activation } of blocks) {
    scale.fill(activation.scale, offset, offset + width);
    shift.fill(activation.shift, offset, offset + width);
    offset += width;
  }
  return {
    scale: scale.every((v) => v === 1) ? null : tf.tensor1d(scale),
    shift: shift.every((v) => v === 0) ? null : tf.tensor1d(shift),
  };
}
