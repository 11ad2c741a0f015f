import type * as TF from '@tensorflow/tfjs';
import type { OptimizerSettings } from '../../engine/training';
import type { RawOps } from '../native/rawOps';

/**
 * Keras 1.0.2's update rules (keras/optimizers.py; Keras 2's legacy
 * optimizers do the same math), each twice: as tfjs ops for the wasm and cpu
 * backends, and as one fused TensorFlow training op per variable for native.
 * The tfjs formulas follow Keras' operation order, so they round as Keras
 * does; the fused ops are TensorFlow's own kernels (`training_ops.cc`), whose
 * order differs by float32 rounding only.
 *
 * tfjs' own optimizers are not these formulas: its Adadelta divides by the
 * accumulator from before the step, its RMSProp puts ε inside the square
 * root, and its Adam adds ε to the bias-corrected v̂.
 */

export type OptimizerKind = OptimizerSettings['kind'];

export interface KerasHyperParameters {
  learningRate: number;
  /** Decay of the squared-gradient average: Adadelta, RMSprop. */
  rho: number;
  epsilon: number;
  /** Adam's decay rates; the settings do not carry them, so they are Keras 1's. */
  beta1: number;
  beta2: number;
}

/** Adam's β1, β2 in Keras 1.0.2. */
export const KERAS1_ADAM_BETAS = { beta1: 0.9, beta2: 0.999 } as const;

/** One optimizer's per-variable rule. `t` is the 1-based number of this step (Keras' `iterations + 1`). */
export interface UpdateRule {
  readonly className: string;
  /** The state Keras keeps per variable, in the order `formula` takes and returns it; names for getWeights. */
  readonly slots: readonly string[];
  /** Resource variables the fused op needs after the parameter: `slots`, then any scratch. */
  readonly fusedSlots: number;
  config(): TF.serialization.ConfigDict;
  /** Keras' formula in tfjs ops (call inside `tidy`): the new parameter, then the new slots. */
  formula(tf: typeof TF, p: TF.Tensor, slots: readonly TF.Tensor[], g: TF.Tensor, t: number): TF.Tensor[];
  /** The fused form's constants, kept until `dispose`. */
  fused(ops: RawOps): FusedStep;
}

export interface FusedStep {
  /** Updates the resource variables in place: `handles` are the parameter's, then `fusedSlots` more. */
  apply(handles: readonly TF.Tensor[], g: TF.Tensor, t: number): void;
  dispose(): void;
}

export function updateRule(kind: OptimizerKind, hp: KerasHyperParameters): UpdateRule {
  switch (kind) {
    case 'sgd':
      return sgd(hp);
    case 'adadelta':
      return adadelta(hp);
    case 'adam':
      return adam(hp);
    case 'rmsprop':
      return rmsprop(hp);
  }
}

/** float32 scalars for the fused ops, uploaded once instead of at every call. */
function constants(ops: RawOps, values: number[]) {
  const scalars = values.map((v) => ops.tf.keep(ops.tf.scalar(v)));
  return { scalars, dispose: () => ops.tf.dispose(scalars) };
}

/** Keras' SGD without momentum or decay (the settings carry neither): p ← p − lr·g. */
function sgd({ learningRate: lr }: KerasHyperParameters): UpdateRule {
  return {
    className: 'KerasSGD',
    slots: [],
    fusedSlots: 0,
    config: () => ({ learningRate: lr }),
    formula: (tf, p, _slots, g) => [tf.sub(p, tf.mul(g, lr))],
    fused(ops) {
      const { scalars, dispose } = constants(ops, [lr]);
      const [alpha] = scalars as [TF.Tensor];
      return { apply: ([p], g) => ops.run('ResourceApplyGradientDescent', ops.T, [p!, alpha, g]), dispose };
    },
  };
}

/**
 * a ← ρa + (1−ρ)g²;  Δ = g·√(d+ε)/√(a+ε) with the *updated* a;  p ← p − lr·Δ;  d ← ρd + (1−ρ)Δ².
 * `ResourceApplyAdadelta` is exactly this.
 */
function adadelta({ learningRate: lr, rho, epsilon }: KerasHyperParameters): UpdateRule {
  return {
    className: 'KerasAdadelta',
    slots: ['accum_grad', 'accum_update'],
    fusedSlots: 2,
    config: () => ({ learningRate: lr, rho, epsilon }),
    formula(tf, p, [a, d], g) {
      const a1 = tf.add(tf.mul(a!, rho), tf.mul(tf.square(g), 1 - rho));
      const update = tf.div(tf.mul(g, tf.sqrt(tf.add(d!, epsilon))), tf.sqrt(tf.add(a1, epsilon)));
      const d1 = tf.add(tf.mul(d!, rho), tf.mul(tf.square(update), 1 - rho));
      return [tf.sub(p, tf.mul(update, lr)), a1, d1];
    },
    fused(ops) {
      const { scalars, dispose } = constants(ops, [lr, rho, epsilon]);
      return { apply: ([p, a, d], g) => ops.run('ResourceApplyAdadelta', ops.T, [p!, a!, d!, ...scalars, g]), dispose };
    },
  };
}

/**
 * β1ᵗ and β2ᵗ as Keras computes them: its β are float32 variables and
 * `K.pow` runs in float32, so 1 − β2¹ is 0.00100004, not 0.001.
 */
export function adamPowers(beta1: number, beta2: number, t: number): [number, number] {
  return [Math.fround(Math.fround(beta1) ** t), Math.fround(Math.fround(beta2) ** t)];
}

/**
 * m ← β1m + (1−β1)g;  v ← β2v + (1−β2)g²;  p ← p − lr_t·m/(√v + ε)
 * with lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ): the bias correction goes into the step
 * size and ε meets the uncorrected √v. `ResourceApplyAdam` is exactly this
 * given β1ᵗ and β2ᵗ.
 */
function adam({ learningRate: lr, beta1, beta2, epsilon }: KerasHyperParameters): UpdateRule {
  return {
    className: 'KerasAdam',
    slots: ['m', 'v'],
    fusedSlots: 2,
    config: () => ({ learningRate: lr, beta1, beta2, epsilon }),
    formula(tf, p, [m, v], g, t) {
      const [beta1Power, beta2Power] = adamPowers(beta1, beta2, t);
      const lrT = (Math.fround(lr) * Math.sqrt(1 - beta2Power)) / (1 - beta1Power);
      const m1 = tf.add(tf.mul(m!, beta1), tf.mul(g, 1 - beta1));
      const v1 = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(g), 1 - beta2));
      return [tf.sub(p, tf.div(tf.mul(m1, lrT), tf.add(tf.sqrt(v1), epsilon))), m1, v1];
    },
    fused(ops) {
      const { scalars, dispose } = constants(ops, [lr, beta1, beta2, epsilon]);
      const [lrS, beta1S, beta2S, epsilonS] = scalars as [TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor];
      // The powers change every step but not between the variables of one step.
      let powers: { t: number; tensors: TF.Tensor[] } | null = null;
      const powersAt = (t: number) => {
        if (powers?.t !== t) {
          if (powers) ops.tf.dispose(powers.tensors);
          powers = { t, tensors: adamPowers(beta1, beta2, t).map((x) => ops.tf.keep(ops.tf.scalar(x))) };
        }
        return powers.tensors;
      };
      return {
        apply: ([p, m, v], g, t) =>
          ops.run('ResourceApplyAdam', ops.T, [p!, m!, v!, ...powersAt(t), lrS, beta1S, beta2S, epsilonS, g]),
        dispose() {
          dispose();
          if (powers) ops.tf.dispose(powers.tensors);
          powers = null;
        },
      };
    },
  };
}

/** a ← ρa + (1−ρ)g²;  p ← p − lr·g/(√a + ε), ε outside the square root. */
function rmsprop({ learningRate: lr, rho, epsilon }: KerasHyperParameters): UpdateRule {
  return {
    className: 'KerasRMSprop',
    slots: ['accum'],
    fusedSlots: 2,
    config: () => ({ learningRate: lr, rho, epsilon }),
    formula(tf, p, [a], g) {
      const a1 = tf.add(tf.mul(a!, rho), tf.mul(tf.square(g), 1 - rho));
      return [tf.sub(p, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(a1), epsilon))), a1];
    },
    // ResourceApplyRMSProp and ResourceApplyCenteredRMSProp divide by √(a+ε),
    // and ResourceApplyAdagradV2 (ε outside) never decays its sum. Adam with
    // β1 = 0 and β1ᵗ = β2ᵗ = 0 is Keras' RMSprop exactly, in one op: m ← g,
    // v ← ρv + (1−ρ)g², lr_t = lr·√1/1 = lr, p ← p − lr·g/(√v + ε). Its m is
    // scratch (overwritten with g every step), the price of a single op.
    fused(ops) {
      const { scalars, dispose } = constants(ops, [0, lr, rho, epsilon]);
      const [zero, lrS, rhoS, epsilonS] = scalars as [TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor];
      return {
        apply: ([p, a, m], g) => ops.run('ResourceApplyAdam', ops.T, [p!, m!, a!, zero, zero, lrS, zero, rhoS, epsilonS, g]),
        dispose,
      };
    },
  };
}
