import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';
import { callKernel, disposeAll } from './wasmCall';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

interface Attrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * Wraps the wasm `Conv2DBackpropInput`, a plain C++ loop (about 1 GFLOP/s; the
 * largest cost of a CNN step), with one forward XNNPACK `Conv2D` where the
 * forward stride is 1:
 *
 *   dx[n, p, q, ci] = Σ_{a,b,co} dy[n, p + top − a, q + left − b, co] · W[a, b, ci, co]
 *
 * is dy convolved with W flipped in both spatial axes and with its channel
 * axes swapped, padded by kh − 1 − top above and kh − 1 − bottom below (and
 * likewise for width). Strides above 1, channels-first data or padding wider
 * than the filter go to the stock kernel.
 */
export function conv2dBackpropInputConfig(tf: Tf, stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo => {
    const { inputs, backend } = args;
    const { dy, filter } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Attrs;
    if (dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock.kernelFunc(args as never) as TensorInfo;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { filterHeight: kh, filterWidth: kw, padInfo } = info;
    const top = kh - 1 - padInfo.top;
    const bottom = kh - 1 - padInfo.bottom;
    const left = kw - 1 - padInfo.left;
    const right = kw - 1 - padInfo.right;
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || Math.min(top, bottom, left, right) < 0) {
      return stock.kernelFunc(args as never) as TensorInfo;
    }
    const temps: TensorInfo[] = [];
    try {
      const flipped = callKernel(tf, 'Reverse', backend, { x: filter }, { dims: [0, 1] });
      temps.push(flipped);
      const swapped = callKernel(tf, 'Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] });
      temps.push(swapped);
      const dx = callKernel(tf, 'Conv2D', backend, { x: dy, filter: swapped }, {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      });
      if (dx.shape.some((d, i) => d !== inputShape[i])) {
        temps.push(dx);
        throw new Error(`Conv2DBackpropInput (wasm): internal shape mismatch [${dx.shape.join(',')}] for input [${inputShape.join(',')}]`);
      }
      return dx;
    } finally {
      disposeAll(backend, temps);
    }
  };
  return { ...stock, kernelFunc: kernelFunc as unknown as KernelFunc };
}
