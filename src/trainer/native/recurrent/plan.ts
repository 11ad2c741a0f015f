import { isFusableActivation, isUnfolded, rawActivation, type FusableActivation } from './activations';

/**
 * Which Keras recurrent layer runs on which fused kernel, and when it stays
 * on the stock tfjs layer: the one place that knows. Both the topology
 * rewrite (from Keras JSON) and the layers themselves (from their live
 * config) decide through `chooseKernel`.
 */

export type RecurrentKind = 'GRU' | 'LSTM' | 'SimpleRNN';

/** Keras class → the fused class registered with tfjs, and the fused TensorFlow op used for sigmoid gates with tanh. */
export const FUSED_RECURRENT: Record<RecurrentKind, { fusedClass: string; blockOp: string | null }> = {
  GRU: { fusedClass: 'FusedGRU', blockOp: 'GRUBlockCell' },
  LSTM: { fusedClass: 'FusedLSTM', blockOp: 'BlockLSTMV2' },
  SimpleRNN: { fusedClass: 'FusedSimpleRNN', blockOp: null },
};

export function isRecurrentKind(className: string): className is RecurrentKind {
  return Object.hasOwn(FUSED_RECURRENT, className);
}

/** What decides the kernel, with activations by tfjs' names ('hardSigmoid'). */
export interface RecurrentSettings {
  kind: RecurrentKind;
  activation: string;
  /** Null for SimpleRNN, which has no gates. */
  recurrentActivation: string | null;
  dropout: number;
  recurrentDropout: number;
  stateful: boolean;
  unroll: boolean;
  returnState: boolean;
  resetAfter: boolean;
}

export type KernelChoice =
  | {
      fused: true;
      /** 'block': TensorFlow's fused cell op; 'raw': the hand-written raw-op loop. */
      kernel: 'block' | 'raw';
      activation: FusableActivation;
      recurrentActivation: FusableActivation | null;
      /** "hard_sigmoid gates, raw TF ops" */
      description: string;
    }
  | { fused: false; reason: string };

/** 'hardSigmoid' → 'hard_sigmoid', the name users see in Keras configs. */
export function kerasName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function chooseKernel(s: RecurrentSettings): KernelChoice {
  const stock = (reason: string): KernelChoice => ({ fused: false, reason });
  if (s.dropout > 0) return stock(`dropout ${s.dropout} is not fused`);
  if (s.recurrentDropout > 0) return stock(`recurrent_dropout ${s.recurrentDropout} is not fused`);
  if (s.stateful) return stock('stateful is not fused');
  if (s.unroll) return stock('unroll is not fused');
  if (s.returnState) return stock('return_state is not fused');
  if (s.resetAfter) return stock('reset_after is not fused');
  const { activation, recurrentActivation } = s;
  if (!isFusableActivation(activation)) return stock(`activation ${kerasName(activation)} is not fused`);
  if (recurrentActivation !== null && !isFusableActivation(recurrentActivation)) {
    return stock(`recurrent_activation ${kerasName(recurrentActivation)} is not fused`);
  }
  // An LSTM applies its activation to the cell state too, where no weights can absorb an affine part.
  if (s.kind === 'LSTM' && !isUnfolded(rawActivation(activation))) return stock(`activation ${kerasName(activation)} on the cell state is not fused`);
  const blockOp = FUSED_RECURRENT[s.kind].blockOp;
  if (blockOp && recurrentActivation === 'sigmoid' && activation === 'tanh') {
    return { fused: true, kernel: 'block', activation, recurrentActivation, description: `sigmoid gates, ${blockOp}` };
  }
  const what = recurrentActivation === null ? kerasName(activation) : `${kerasName(recurrentActivation)} gates`;
  return { fused: true, kernel: 'raw', activation, recurrentActivation, description: `${what}, raw TF ops` };
}

/** One line for the run's status: "gru_1: fused GRU (hard_sigmoid gates, raw TF ops)". */
export function kernelNote(layerName: string, kind: RecurrentKind, choice: KernelChoice): string {
  return choice.fused ? `${layerName}: fused ${kind} (${choice.description})` : `${layerName}: stock tfjs ${kind} (${choice.reason})`;
}

/** tfjs' reading of a Keras activation entry: a missing one is the default, null is linear. */
function activationName(value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (value === null) return 'linear';
  if (typeof value === 'string') return value.replace(/[_-](\w)/g, (_, c: string) => c.toUpperCase());
  return 'custom';
}

/** Settings from a layer's Keras JSON config (snake_case, as LayerLab's topology has it). */
export function settingsFromKeras(kind: RecurrentKind, config: Record<string, unknown>): RecurrentSettings {
  const number = (key: string) => (typeof config[key] === 'number' ? (config[key] as number) : 0);
  return {
    kind,
    activation: activationName(config.activation, 'tanh'),
    // tfjs' default recurrent activation is Keras 1's hard sigmoid.
    recurrentActivation: kind === 'SimpleRNN' ? null : activationName(config.recurrent_activation, 'hardSigmoid'),
    dropout: number('dropout'),
    recurrentDropout: number('recurrent_dropout'),
    stateful: config.stateful === true,
    unroll: config.unroll === true,
    returnState: config.return_state === true,
    resetAfter: config.reset_after === true,
  };
}
