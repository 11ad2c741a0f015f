import type * as TF from '@tensorflow/tfjs';
import type { RawLayer } from '../types';
import { configOf } from './common';

/** Config keys that make a layer's training forward random: its replay on the tape would draw new noise. */
const RANDOM_KEYS = ['dropout', 'recurrentDropout', 'rate', 'stddev'];

/**
 * Recurrent layers spend most of their step in the forward over time: a
 * replay would nearly double it, which costs more than the raw step saves.
 */
const FORWARD_HEAVY = /GRU|LSTM|SimpleRNN/;

/** Why a layer cannot run forward once untaped and again on the tape for its gradient, or null. */
export function tapeFallbackProblem(layer: TF.layers.Layer): string | null {
  if (FORWARD_HEAVY.test(layer.getClassName())) return 'a replay would run its forward over time twice';
  const config = configOf(layer);
  for (const key of RANDOM_KEYS) {
    if (typeof config[key] === 'number' && (config[key] as number) > 0) return `${key} ${String(config[key])} is random in training`;
  }
  if (config.stateful) return 'it is stateful';
  if (layer.nonTrainableWeights.length > 0) return 'it updates non-trainable weights while training';
  return null;
}

/**
 * A layer without a raw backward: its forward runs with tfjs as usual, and
 * its backward replays that forward on tfjs' gradient tape with the incoming
 * gradient. The replay costs a second forward of this layer only; the rest of
 * the step stays raw.
 */
export function tapeFallback(tf: typeof TF, layer: TF.layers.Layer): RawLayer {
  return {
    forward(inputs, ctx) {
      const apply = () => layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: ctx.training }) as TF.Tensor;
      const output = apply();
      return {
        output,
        backward(dy) {
          const differentiable = inputs.filter((_, i) => ctx.needsInputGradient[i]);
          const weights = layer.trainableWeights.map((w) => w.read());
          const { grads } = tf.engine().gradients(apply, [...differentiable, ...weights], dy, true);
          let next = 0;
          return {
            inputs: inputs.map((_, i) => (ctx.needsInputGradient[i] ? grads[next++]! : null)),
            weights: grads.slice(differentiable.length),
          };
        },
      };
    },
  };
}
