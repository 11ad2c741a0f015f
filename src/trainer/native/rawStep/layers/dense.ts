import type * as TF from '@tensorflow/tfjs';
import type { RawLayerFactory } from '../types';
import { activationName, biasGradient, configOf, reshape as reshapeTo, unsupportedExtras, weightValues, withActivation } from './common';

/**
 * Dense: MatMul + BiasAdd, then the activation. Inputs of rank > 2 (Keras
 * applies Dense to the last axis) are folded into rows and back.
 */
export const dense: RawLayerFactory = (layer, kc) => {
  const config = configOf(layer);
  const extras = unsupportedExtras(config);
  if (extras) return { unsupported: extras };
  const activation = activationName(kc, config);
  if (typeof activation !== 'string') return activation;
  const useBias = config.useBias !== false;
  const { ops } = kc;
  const { op, exec, attr, T } = ops;
  const matMul = (a: TF.Tensor, b: TF.Tensor, transposeA: boolean, transposeB: boolean) =>
    exec('MatMul', [...T, attr.bool('transpose_a', transposeA), attr.bool('transpose_b', transposeB)], [a, b], 1)[0]!;
  const reshape = (x: TF.Tensor, shape: number[]) => reshapeTo(kc, x, shape);
  return {
    forward([x], ctx) {
      // A frozen layer still computes with its weights; it just gets no gradients.
      const [k, bias] = weightValues(layer) as [TF.Tensor, TF.Tensor | undefined];
      const b = useBias ? bias! : null;
      const units = k.shape[1]!;
      const features = k.shape[0]!;
      const inShape = x!.shape;
      const rows = inShape.length > 2 ? reshape(x!, [-1, features]) : x!;
      const linear = matMul(rows, k, false, false);
      const z2 = b ? op('BiasAdd', [linear, b]) : linear;
      const z = inShape.length > 2 ? reshape(z2, [...inShape.slice(0, -1), units]) : z2;
      const trainable = layer.trainableWeights.length > 0;
      return withActivation(kc, activation, z, (dz) => {
        const dz2 = inShape.length > 2 ? reshape(dz, [-1, units]) : dz;
        const weightGrads = trainable ? [matMul(rows, dz2, true, false), ...(b ? [biasGradient(kc, dz2)] : [])] : [];
        const dx = ctx.needsInputGradient[0] ? matMul(dz2, k, false, true) : null;
        return { inputs: [dx && inShape.length > 2 ? reshape(dx, inShape) : dx], weights: weightGrads };
      });
    },
  };
};
