import type * as TF from '@tensorflow/tfjs';
import { rawActivation } from './activations';
import { gruBlockStates } from './gruBlock';
import { rawGruStates } from './gruRaw';
import { lstmBlockStates } from './lstmBlock';
import { rawLstmStates } from './lstmRaw';
import type { KernelChoice, RecurrentKind } from './plan';
import { columns, layerOutput, projectInputs, timeMajor, type RecurrentWeights, type SequenceOptions } from './sequence';
import type { SeqOps } from './seqOps';
import { rawSimpleRnnStates } from './simpleRnnRaw';

export type FusedChoice = Extract<KernelChoice, { fused: true }>;

/**
 * A recurrent layer's output on native TensorFlow, differentiable with
 * respect to `x` and the weights: x [B, T, F] → [B, T, U] with
 * return_sequences, else [B, U]. Weights in tfjs' layout.
 */
export function fusedRecurrentOutput(
  s: SeqOps,
  kind: RecurrentKind,
  choice: FusedChoice,
  x: TF.Tensor,
  weights: RecurrentWeights,
  options: SequenceOptions,
): TF.Tensor {
  const { tf } = s;
  const units = weights.recurrentKernel.shape[0]!;
  const act = rawActivation(choice.activation);
  const gate = choice.recurrentActivation ? rawActivation(choice.recurrentActivation) : act;
  // Without return_sequences the loops return the last state alone, and their backward skips the zero gradients of the others.
  const lastOnly = !options.returnSequences;
  let states: TF.Tensor;
  if (choice.kernel === 'block' && kind === 'LSTM') {
    // One op for the whole sequence: it takes and returns every step.
    const all = lstmBlockStates(s, timeMajor(tf, x, options.goBackwards), weights);
    return layerOutput(tf, all, options.returnSequences);
  } else if (choice.kernel === 'block' && kind === 'GRU') {
    states = gruBlockStates(s, timeMajor(tf, x, options.goBackwards), weights, lastOnly);
  } else if (kind === 'GRU') {
    const blocks = [
      { width: 2 * units, activation: gate },
      { width: units, activation: act },
    ];
    const { xw, recurrentKernel } = projectInputs(tf, x, weights, blocks, options.goBackwards);
    states = rawGruStates(s, gate, act, xw, columns(tf, recurrentKernel, 0, 2 * units), columns(tf, recurrentKernel, 2 * units, units), lastOnly);
  } else if (kind === 'LSTM') {
    // tfjs' i|f|c|o → i|f|o|c, so the three gates are one block.
    const ifoc = (m: TF.Tensor) => tf.concat([columns(tf, m, 0, 2 * units), columns(tf, m, 3 * units, units), columns(tf, m, 2 * units, units)], m.rank - 1);
    const reordered = { kernel: ifoc(weights.kernel), recurrentKernel: ifoc(weights.recurrentKernel), bias: weights.bias && ifoc(weights.bias) };
    const blocks = [
      { width: 3 * units, activation: gate },
      { width: units, activation: act },
    ];
    const { xw, recurrentKernel } = projectInputs(tf, x, reordered, blocks, options.goBackwards);
    states = rawLstmStates(s, gate, act, xw, recurrentKernel, lastOnly);
  } else {
    const { xw, recurrentKernel } = projectInputs(tf, x, weights, [{ width: units, activation: act }], options.goBackwards);
    states = rawSimpleRnnStates(s, act, xw, recurrentKernel, lastOnly);
  }
  return lastOnly ? states : tf.transpose(states, [1, 0, 2]);
}
