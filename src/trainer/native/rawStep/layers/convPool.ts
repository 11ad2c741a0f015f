import type * as TF from '@tensorflow/tfjs';
import type { OpAttr } from '../../rawOps';
import type { KernelContext, RawLayer } from '../types';
import { biasGradient, configOf, weightValues } from './common';
import { maxPoolKernel } from './maxPool';

/**
 * Conv2D → (ReLU) → MaxPooling2D as one kernel that pools first:
 *
 *   MaxPool(ReLU(conv + b)) = ReLU(MaxPool(conv) + b)
 *
 * exactly, because a per-channel bias and ReLU are non-decreasing, so they
 * pick the same maximum and tie as before; the gradient is exact too (the
 * bias' gradient sums what MaxPoolGrad would scatter, and ReLU's mask at the
 * pooled maximum is the mask the original takes there). BiasAdd, ReLU, its
 * gradient and the bias' Sum then run on a quarter of the values (2×2
 * pooling). The tutorial's CNNs end their convolutions this way.
 */
export function convReluMaxPool(
  kc: KernelContext,
  conv: TF.layers.Layer,
  relu: boolean,
  convAttrs: OpAttr[],
  poolAttrs: OpAttr[],
): RawLayer {
  const { op, exec } = kc.ops;
  const useBias = configOf(conv).useBias !== false;
  const maxPool = maxPoolKernel(kc, poolAttrs);
  return {
    forward([x], ctx) {
      const [kernel, bias] = weightValues(conv) as [TF.Tensor, TF.Tensor | undefined];
      const convolved = exec('Conv2D', convAttrs, [x!, kernel], 1)[0]!;
      const { output: pooled, backward: poolBackward } = maxPool(convolved);
      const biased = useBias ? op('BiasAdd', [pooled, bias!]) : pooled;
      const output = relu ? op('Relu', [biased]) : biased;
      const trainable = conv.trainableWeights.length > 0;
      return {
        output,
        backward(dy) {
          const dBiased = relu ? op('ReluGrad', [dy, output]) : dy;
          const dConv = poolBackward(dBiased);
          const weights = trainable
            ? [exec('Conv2DBackpropFilter', convAttrs, [x!, kc.constants.ints(kernel.shape), dConv], 1)[0]!, ...(useBias ? [biasGradient(kc, dBiased)] : [])]
            : [];
          const dx = ctx.needsInputGradient[0] ? exec('Conv2DBackpropInput', convAttrs, [kc.constants.ints(x!.shape), kernel, dConv], 1)[0]! : null;
          return { inputs: [dx], weights };
        },
      };
    },
  };
}
