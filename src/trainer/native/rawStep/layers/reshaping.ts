import type * as TF from '@tensorflow/tfjs';
import type { KernelContext, RawLayerFactory } from '../types';
import { activationName, configOf, reshape as reshapeTo, withActivation } from './common';

/** A layer that only changes the shape: the gradient is reshaped back. */
function shapeOnly(kc: KernelContext, target: (x: TF.Tensor) => number[]) {
  return {
    forward([x]: TF.Tensor[]) {
      const inShape = x!.shape;
      return { output: reshapeTo(kc, x!, target(x!)), backward: (dy: TF.Tensor) => ({ inputs: [reshapeTo(kc, dy, inShape)], weights: [] }) };
    },
  };
}

export const flatten: RawLayerFactory = (_layer, kc) => shapeOnly(kc, (x) => [x.shape[0], -1]);

export const reshape: RawLayerFactory = (layer, kc) => {
  const target = configOf(layer).targetShape as number[];
  return shapeOnly(kc, (x) => [x.shape[0], ...target]);
};

export const activation: RawLayerFactory = (layer, kc) => {
  const name = activationName(kc, configOf(layer));
  if (typeof name !== 'string') return name;
  return { forward: ([x]) => withActivation(kc, name, x!, (dz) => ({ inputs: [dz], weights: [] })) };
};

/**
 * Dropout as tfjs and Keras compute it: x · ⌊keep + U[0,1)⌋ / keep while
 * training, the identity otherwise. The mask is the backward's only state.
 */
export const dropout: RawLayerFactory = (layer, kc) => {
  const config = configOf(layer);
  if (config.noiseShape != null) return { unsupported: 'noise_shape is set' };
  const rate = Number(config.rate ?? 0);
  const { op, exec, attr, T } = kc.ops;
  const uniformAttrs = [attr.type('dtype'), attr.type('T', 'int32'), attr.int('seed', 0), attr.int('seed2', 0)];
  return {
    forward([x], ctx) {
      if (!ctx.training || rate <= 0 || rate >= 1) return { output: x!, backward: (dy) => ({ inputs: [dy], weights: [] }) };
      const keep = 1 - rate;
      const uniform = exec('RandomUniform', uniformAttrs, [kc.constants.ints(x!.shape)], 1)[0]!;
      const mask = op('Mul', [op('Floor', [op('AddV2', [uniform, kc.constants.float(keep)])]), kc.constants.float(1 / keep)], T);
      return { output: op('Mul', [x!, mask]), backward: (dy) => ({ inputs: [op('Mul', [dy, mask])], weights: [] }) };
    },
  };
};

/** Keras' `Lambda(K.mean(axis=1))` of the tutorial's CBOW: the mean over time; its gradient is spread evenly. */
export const globalAveragePooling1d: RawLayerFactory = (_layer, kc) => {
  const { op, exec, attr, T } = kc.ops;
  return {
    forward([x]) {
      const steps = x!.shape[1]!;
      const output = exec('Mean', [...T, attr.type('Tidx', 'int32'), attr.bool('keep_dims', false)], [x!, kc.constants.int(1)], 1)[0]!;
      return {
        output,
        backward: (dy) => {
          const scaled = op('Mul', [dy, kc.constants.float(1 / steps)]);
          const expanded = exec('ExpandDims', [...T, attr.type('Tdim', 'int32')], [scaled, kc.constants.int(1)], 1)[0]!;
          return { inputs: [exec('BroadcastTo', [...T, attr.type('Tidx', 'int32')], [expanded, kc.constants.ints(x!.shape)], 1)[0]!], weights: [] };
        },
      };
    },
  };
};

/** RepeatVector(n): [B, F] → [B, n, F]; the gradient sums over the copies. */
export const repeatVector: RawLayerFactory = (layer, kc) => {
  const n = Number(configOf(layer).n);
  const { exec, attr, T } = kc.ops;
  return {
    forward([x]) {
      const expanded = exec('ExpandDims', [...T, attr.type('Tdim', 'int32')], [x!, kc.constants.int(1)], 1)[0]!;
      const output = exec('Tile', [...T, attr.type('Tmultiples', 'int32')], [expanded, kc.constants.ints([1, n, 1])], 1)[0]!;
      const sum = [...T, attr.type('Tidx', 'int32'), attr.bool('keep_dims', false)];
      return { output, backward: (dy) => ({ inputs: [exec('Sum', sum, [dy, kc.constants.int(1)], 1)[0]!], weights: [] }) };
    },
  };
};

/** Concatenate: ConcatV2 forward; the gradient is split back along the same axis. */
export const concatenate: RawLayerFactory = (layer, kc) => {
  const axisConfig = Number(configOf(layer).axis ?? -1);
  const { exec, attr, T } = kc.ops;
  return {
    forward(inputs) {
      const rank = inputs[0]!.shape.length;
      const axis = axisConfig < 0 ? rank + axisConfig : axisConfig;
      const output = exec('ConcatV2', [...T, attr.int('N', inputs.length), attr.type('Tidx', 'int32')], [...inputs, kc.constants.int(axis)], 1)[0]!;
      const sizes = inputs.map((x) => x.shape[axis]!);
      return {
        output,
        backward: (dy) => ({
          inputs: exec('SplitV', [...T, attr.type('Tlen', 'int32'), attr.int('num_split', sizes.length)], [dy, kc.constants.ints(sizes), kc.constants.int(axis)], sizes.length),
          weights: [],
        }),
      };
    },
  };
};
