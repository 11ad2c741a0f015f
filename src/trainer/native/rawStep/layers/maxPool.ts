import type * as TF from '@tensorflow/tfjs';
import type { OpAttr } from '../../rawOps';
import type { KernelContext } from '../types';
import { hasOneDnn, ONEDNN, oneDnnKernel } from './oneDnn';

export interface MaxPoolResult {
  output: TF.Tensor;
  /** dL/dx from dL/doutput. */
  backward(dy: TF.Tensor): TF.Tensor;
}

/**
 * A MaxPool whose backward is ready: oneDNN's, which keeps where each maximum
 * came from (its workspace) so the gradient is a scatter instead of a second
 * search, where TensorFlow has it; else TensorFlow's MaxPool and MaxPoolGrad.
 * `poolAttrs` are MaxPool's (T, ksize, strides, padding, data_format).
 */
export function maxPoolKernel(kc: KernelContext, poolAttrs: OpAttr[], useOneDnn = hasOneDnn(kc.ops)): (x: TF.Tensor) => MaxPoolResult {
  const { exec } = kc.ops;
  if (useOneDnn) {
    const attrs = [...poolAttrs, kc.ops.attr.bool('workspace_enabled', true), oneDnnKernel(kc.ops)];
    return (x) => {
      const [output, workspace] = exec(ONEDNN.maxPool, attrs, [x], 2) as [TF.Tensor, TF.Tensor];
      return { output, backward: (dy) => exec(ONEDNN.maxPoolGrad, attrs, [x, output, dy, workspace], 1)[0]! };
    };
  }
  return (x) => {
    const output = exec('MaxPool', poolAttrs, [x], 1)[0]!;
    return { output, backward: (dy) => exec('MaxPoolGrad', poolAttrs, [x, output, dy], 1)[0]! };
  };
}
