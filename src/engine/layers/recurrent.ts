import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { GLOROT_UNIFORM, ORTHOGONAL, ZEROS } from './common';
import { MAX_UNITS } from './dense';
import { dimAt } from './cost';
import { ACTIVATIONS, activationParam, baseKerasConfig, type ActivationName } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

/** Shared by SimpleRNN, GRU and LSTM. */

export function unitsParam() {
  return z
    .number()
    .int()
    .min(1)
    .max(MAX_UNITS)
    .default(128)
    .meta({ title: 'Units', description: 'Size of the hidden state, which is the size of the output at each step.' });
}

export function returnSequencesParam() {
  return z
    .boolean()
    .default(false)
    .meta({
      title: 'Return sequences',
      description: 'Output the hidden state at every step (None, steps, units) instead of only the last one (None, units).',
    });
}

export function recurrentActivationParam(defaultValue: ActivationName) {
  return z
    .enum(ACTIVATIONS)
    .default(defaultValue)
    .meta({
      title: 'Recurrent activation',
      description:
        "Function used for the gates. The default 'hard_sigmoid' matches Keras 1, which the seed model was written for (Keras 2 uses 'sigmoid').",
    });
}

export function tanhActivationParam() {
  return activationParam('tanh', 'Function applied to the candidate state and the output.');
}

/** (None, steps, features) → (None, units), or (None, steps, units) with return_sequences. */
export function recurrentOutputShape(layer: string, input: Shape, units: number, returnSequences: boolean): ShapeResult {
  if (input.length !== 3) {
    return fail(
      `${layer} expects a sequence (None, steps, features) but receives ${formatShape(input)}. Insert an Embedding, RepeatVector or Reshape layer first.`,
    );
  }
  if (input[2] === null) {
    return fail(`${layer} needs a known number of features but receives ${formatShape(input)}.`);
  }
  return ok(returnSequences ? [input[0] ?? null, input[1] ?? null, units] : [input[0] ?? null, units]);
}

/** `gates` weight blocks, each a kernel (features×units), a recurrent kernel (units×units) and a bias. */
export function recurrentParamCount(input: Shape, units: number, gates: number): number {
  const features = input[2] ?? 0;
  return gates * units * (features + units + 1);
}

/**
 * Per step, each gate multiplies the input (features×units) and the previous
 * state (units×units) and adds a bias; the element-wise gate arithmetic is
 * not counted (see `LayerSpec.flops`).
 */
export function recurrentFlops(input: Shape, units: number, gates: number): number {
  const steps = dimAt(input, 1);
  const features = dimAt(input, 2);
  return steps * gates * (2 * units * (features + units) + units);
}

/**
 * tfjs unrolls a recurrent layer in JavaScript: each time step launches its
 * gate matmuls, adds and activations forward and about twice as many
 * backward. Measured with tfjs-node 4.22: a 140-step GRU takes ~14,500
 * kernels per training step (≈ 100 per step); a SimpleRNN step has one gate.
 */
export const GATED_KERNELS_PER_STEP = 100;
export const SIMPLE_KERNELS_PER_STEP = 35;

export function recurrentKernelCalls(input: Shape, perStep: number): number {
  return dimAt(input, 1) * perStep;
}

/** Keras 1's `orthogonal(shape, scale=1.1)`, the default `inner_init` of its recurrent layers. */
export const KERAS1_ORTHOGONAL_SCALE = 1.1;

/**
 * Keras 1 gave every gate its own weight matrices (W_z, U_z, W_r, …) and
 * initialised each one on its own: glorot_uniform over (features, units) and
 * orthogonal × 1.1 over (units, units). Keras 2 and tfjs fuse the gates into
 * one (features, gates·units) kernel, where one glorot_uniform draws from a
 * narrower range, U(±√(6/(f+g·u))) instead of U(±√(6/(f+u))), and one
 * orthogonal matrix leaves each gate's block with singular values near
 * 1/√g. The same per-gate scale in standard Keras configs:
 * VarianceScaling(scale = (f+g·u)/(f+u), fan_avg, uniform) is exactly the
 * per-gate uniform range; Orthogonal(gain = 1.1·√g) restores each block's
 * scale on average (the blocks are not exactly orthogonal each).
 */
export function keras1GateInitializers(features: number | null | undefined, units: number, gates: number) {
  const recurrent_initializer = { ...ORTHOGONAL, config: { ...ORTHOGONAL.config, gain: KERAS1_ORTHOGONAL_SCALE * Math.sqrt(gates) } };
  // Without a known input size (never for a compiled graph) the fused glorot is the closest standard config.
  if (!features) return { kernel_initializer: GLOROT_UNIFORM, recurrent_initializer };
  const scale = (features + gates * units) / (features + units);
  return {
    kernel_initializer: { class_name: 'VarianceScaling', config: { scale, mode: 'fan_avg', distribution: 'uniform', seed: null } },
    recurrent_initializer,
  };
}

export function recurrentKerasConfig(
  name: string,
  params: { units: number; activation: ActivationName; return_sequences: boolean },
  gates: number,
  input?: Shape,
) {
  return {
    ...baseKerasConfig(name),
    units: params.units,
    activation: params.activation,
    use_bias: true,
    ...keras1GateInitializers(input?.[2], params.units, gates),
    bias_initializer: ZEROS,
    kernel_regularizer: null,
    recurrent_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    recurrent_constraint: null,
    bias_constraint: null,
    dropout: 0,
    recurrent_dropout: 0,
    return_sequences: params.return_sequences,
    return_state: false,
    go_backwards: false,
    stateful: false,
    unroll: false,
  };
}

export const GatedRecurrentParamsSchema = z.object({
  units: unitsParam(),
  activation: tanhActivationParam(),
  recurrent_activation: recurrentActivationParam('hard_sigmoid'),
  return_sequences: returnSequencesParam(),
});
export type GatedRecurrentParams = z.infer<typeof GatedRecurrentParamsSchema>;

/**
 * GRU and LSTM differ only in their gate count and a few Keras config keys;
 * everything else (params, shapes, initializers) is one definition.
 */
export function gatedRecurrentSpec(layer: {
  kind: 'GRU' | 'LSTM';
  namePrefix: string;
  description: string;
  gates: number;
  kerasExtras: Record<string, unknown>;
  /** Keras 2's cell scope in weight names: `gru_cell`, `lstm_cell`. */
  cellScope: string;
}): LayerSpec<GatedRecurrentParams> {
  return {
    kind: layer.kind,
    category: 'Recurrent',
    description: layer.description,
    namePrefix: layer.namePrefix,
    params: GatedRecurrentParamsSchema,
    arity: { min: 1, max: 1 },
    inferShape: (inputs, params) => recurrentOutputShape(layer.kind, inputs[0] ?? [], params.units, params.return_sequences),
    paramCount: (inputs, params) => recurrentParamCount(inputs[0] ?? [], params.units, layer.gates),
    flops: (inputs, _output, params) => recurrentFlops(inputs[0] ?? [], params.units, layer.gates),
    kernelCalls: (inputs) => recurrentKernelCalls(inputs[0] ?? [], GATED_KERNELS_PER_STEP),
    kerasWeights: () => ({ trainable: ['kernel', 'recurrent_kernel', 'bias'] }),
    kerasWeightOwner: { legacy: layer.cellScope, attribute: 'cell' },
    toKeras: (params, name, inputs) => ({
      class_name: layer.kind,
      config: {
        ...recurrentKerasConfig(name, params, layer.gates, inputs?.[0]),
        recurrent_activation: params.recurrent_activation,
        implementation: 1,
        ...layer.kerasExtras,
      },
    }),
  };
}
