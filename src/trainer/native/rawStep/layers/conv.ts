import type * as TF from '@tensorflow/tfjs';
import type { OpAttr } from '../../rawOps';
import type { KernelContext, RawLayerFactory } from '../types';
import { maxPoolKernel } from './maxPool';
import { hasOneDnn, ONEDNN, oneDnnKernel } from './oneDnn';
import { activationName, biasGradient, configOf, type LayerConfig, unsupportedExtras, weightValues, withActivation } from './common';

const pair = (value: unknown): [number, number] => (Array.isArray(value) ? [value[0], value[1] ?? value[0]] : [Number(value), Number(value)]);

/** TensorFlow's NHWC window attributes from a Keras 2-D layer config, or why they are not supported. */
function windowAttrs(kc: KernelContext, config: LayerConfig, stridesKey: string): { attrs: OpAttr[] } | { unsupported: string } {
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') return { unsupported: `data format ${String(config.dataFormat)}` };
  const padding = config.padding === 'same' ? 'SAME' : config.padding === 'valid' || config.padding === undefined ? 'VALID' : null;
  if (!padding) return { unsupported: `padding '${String(config.padding)}'` };
  const [sh, sw] = pair(config[stridesKey] ?? 1);
  const { attr } = kc.ops;
  return {
    attrs: [attr.ints('strides', [1, sh, sw, 1]), attr.string('padding', padding), attr.string('data_format', 'NHWC')],
  };
}

/** The attributes of a Conv2D layer's TensorFlow ops (Conv2D and its backprops), or why it has none. */
export function convAttrsOf(kc: KernelContext, config: LayerConfig): { attrs: OpAttr[] } | { unsupported: string } {
  const window = windowAttrs(kc, config, 'strides');
  if ('unsupported' in window) return window;
  const [dh, dw] = pair(config.dilationRate ?? 1);
  const { attr, T } = kc.ops;
  return { attrs: [...T, ...window.attrs, attr.ints('dilations', [1, dh, dw, 1]), attr.bool('use_cudnn_on_gpu', true)] };
}

/** The attributes of a 2-D pooling layer's TensorFlow ops, or why it has none. */
export function poolAttrsOf(kc: KernelContext, config: LayerConfig): { attrs: OpAttr[] } | { unsupported: string } {
  const window = windowAttrs(kc, config, 'strides');
  if ('unsupported' in window) return window;
  const [ph, pw] = pair(config.poolSize ?? 2);
  return { attrs: [...kc.ops.T, kc.ops.attr.ints('ksize', [1, ph, pw, 1]), ...window.attrs] };
}

/**
 * Conv2D: TensorFlow's Conv2D (oneDNN's with the bias in it, where TensorFlow
 * has it) with its own backprop ops (Conv2DBackpropInput/Filter), then the
 * activation.
 */
export const conv2d: RawLayerFactory = (layer, kc) => {
  const config = configOf(layer);
  const extras = unsupportedExtras(config);
  if (extras) return { unsupported: extras };
  const activation = activationName(kc, config);
  if (typeof activation !== 'string') return activation;
  const conv = convAttrsOf(kc, config);
  if ('unsupported' in conv) return conv;
  const { ops, constants } = kc;
  const { op, exec } = ops;
  const convAttrs = conv.attrs;
  const useBias = config.useBias !== false;
  // oneDNN's convolution adds the bias in the same pass over the output.
  const withBias = hasOneDnn(ops) ? [...convAttrs, oneDnnKernel(ops)] : null;
  return {
    forward([x], ctx) {
      const [kernel, bias] = weightValues(layer) as [TF.Tensor, TF.Tensor | undefined];
      const z = useBias
        ? withBias
          ? exec(ONEDNN.conv2dWithBias, withBias, [x!, kernel, bias!], 1)[0]!
          : op('BiasAdd', [exec('Conv2D', convAttrs, [x!, kernel], 1)[0]!, bias!])
        : exec('Conv2D', convAttrs, [x!, kernel], 1)[0]!;
      const trainable = layer.trainableWeights.length > 0;
      return withActivation(kc, activation, z, (dz) => {
        const weights = trainable
          ? [
              exec('Conv2DBackpropFilter', convAttrs, [x!, constants.ints(kernel.shape), dz], 1)[0]!,
              ...(useBias ? [biasGradient(kc, dz)] : []),
            ]
          : [];
        // The first convolution's input is the images: its gradient is never needed, and is the costliest op.
        const dx = ctx.needsInputGradient[0] ? exec('Conv2DBackpropInput', convAttrs, [constants.ints(x!.shape), kernel, dz], 1)[0]! : null;
        return { inputs: [dx], weights };
      });
    },
  };
};

/** MaxPooling2D: oneDNN's pooling with its workspace where TensorFlow has it, else MaxPool and MaxPoolGrad (`maxPoolKernel`). */
export const maxPooling2d: RawLayerFactory = (layer, kc) => {
  const pool = poolAttrsOf(kc, configOf(layer));
  if ('unsupported' in pool) return pool;
  const maxPool = maxPoolKernel(kc, pool.attrs);
  return {
    forward([x]) {
      const { output, backward } = maxPool(x!);
      return { output, backward: (dy) => ({ inputs: [backward(dy)], weights: [] }) };
    },
  };
};

/** AveragePooling2D with TensorFlow's AvgPool and AvgPoolGrad. */
export const averagePooling2d: RawLayerFactory = (layer, kc) => {
  const pool = poolAttrsOf(kc, configOf(layer));
  if ('unsupported' in pool) return pool;
  const { exec } = kc.ops;
  const attrs = pool.attrs;
  return {
    forward([x]) {
      const y = exec('AvgPool', attrs, [x!], 1)[0]!;
      return { output: y, backward: (dy) => ({ inputs: [exec('AvgPoolGrad', attrs, [kc.constants.ints(x!.shape), dy], 1)[0]!], weights: [] }) };
    },
  };
};
