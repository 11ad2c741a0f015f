import type * as TF from '@tensorflow/tfjs';
import type { KernelContext } from './types';

export interface ActivationForward {
  output: TF.Tensor;
  /** dLoss/dz from dLoss/dy. */
  backward(dOutput: TF.Tensor): TF.Tensor;
}

export type RawActivation = (z: TF.Tensor) => ActivationForward;

/**
 * Keras activations with a raw forward and backward: TensorFlow's own
 * gradient ops where it has one (ReluGrad, SigmoidGrad, TanhGrad: each reads
 * the output, so nothing else is kept), softmax's Jacobian by hand.
 * `null` for an activation without one here (the layer then runs on the tape).
 */
export function rawActivation({ ops, constants }: KernelContext, name: string): RawActivation | null {
  const { op, exec, attr, T } = ops;
  switch (name) {
    case 'linear':
      return (z) => ({ output: z, backward: (dy) => dy });
    case 'relu':
      return (z) => {
        const y = op('Relu', [z]);
        return { output: y, backward: (dy) => op('ReluGrad', [dy, y]) };
      };
    case 'sigmoid':
      return (z) => {
        const y = op('Sigmoid', [z]);
        return { output: y, backward: (dy) => op('SigmoidGrad', [y, dy]) };
      };
    case 'tanh':
      return (z) => {
        const y = op('Tanh', [z]);
        return { output: y, backward: (dy) => op('TanhGrad', [y, dy]) };
      };
    case 'softmax': {
      const lastAxis = constants.int(-1);
      const sumAttrs = [...T, attr.type('Tidx', 'int32'), attr.bool('keep_dims', true)];
      return (z) => {
        const y = op('Softmax', [z]);
        // dz = y ∘ (dy − Σ dy∘y over the classes)
        return {
          output: y,
          backward: (dy) => op('Mul', [y, op('Sub', [dy, exec('Sum', sumAttrs, [op('Mul', [dy, y]), lastAxis], 1)[0]!])]),
        };
      };
    }
    default:
      return null;
  }
}
