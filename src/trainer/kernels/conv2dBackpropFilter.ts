import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';
import { callKernel, disposeAll } from './wasmCall';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type Pair = [number, number];

interface Attrs {
  strides: number | Pair;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which has no such kernel, written
 * as one forward `Conv2D` (XNNPACK) over transposed operands:
 *
 *   dW[a, b, ci, co] = Σ_{n,i,j} x[n, i·sh + a − top, j·sw + b − left, ci] · dy[n, i, j, co]
 *
 * is a convolution of xᵀ = x as [Cin, H, W, N] (input channels become the batch,
 * the batch becomes the channels) with dyᵀ = dy as [Ho, Wo, N, Cout] (a filter
 * as large as the forward output), at stride 1 and dilation = the forward
 * stride, padded by the forward padding; its [Cin, kh, kw, Cout] output is
 * transposed to [kh, kw, Cin, Cout]. Any stride, 'valid', 'same' and explicit
 * padding work; the padding at the far edge is chosen so the output is exactly
 * kh × kw (rows and columns the forward pass never read are cropped off first).
 * Only channels-last (NHWC) data is supported, like the wasm Conv2D itself.
 */
export function conv2dBackpropFilterConfig(tf: Tf): KernelConfig {
  const run = (name: string, backend: KernelBackend, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) =>
    callKernel(tf, name, backend, inputs, attrs);

  const kernelFunc = (args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo => {
    const { inputs, backend } = args;
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Attrs;
    const describe = () =>
      `x [${x.shape.join(',')}], dy [${dy.shape.join(',')}], filter [${filterShape.join(',')}], strides ${JSON.stringify(strides)}, pad ${JSON.stringify(pad)}, dataFormat ${dataFormat}`;
    if (dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropFilter (wasm) supports only dataFormat 'NHWC' (channelsLast); got ${describe()}`);
    }
    if (x.shape.length !== 4 || dy.shape.length !== 4 || x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new Error(`Conv2DBackpropFilter (wasm) needs rank-4 float32 x and dy; got ${describe()}`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
    const { strideHeight, strideWidth, padInfo } = info;
    const expectedDy = [batchSize, outHeight, outWidth, outChannels];
    if (dy.shape.some((d, i) => d !== expectedDy[i])) {
      throw new Error(`Conv2DBackpropFilter (wasm): dy should be [${expectedDy.join(',')}]; got ${describe()}`);
    }
    if (padInfo.top < 0 || padInfo.left < 0) {
      throw new Error(`Conv2DBackpropFilter (wasm): negative padding is not supported; got ${describe()}`);
    }
    // Far-edge padding that makes the output exactly filterHeight × filterWidth.
    const bottom = (outHeight - 1) * strideHeight + filterHeight - inHeight - padInfo.top;
    const right = (outWidth - 1) * strideWidth + filterWidth - inWidth - padInfo.left;

    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temps.push(t), t);
    try {
      let xUsed = x;
      if (bottom < 0 || right < 0) {
        xUsed = keep(
          run('Slice', backend, { x }, {
            begin: [0, 0, 0, 0],
            size: [batchSize, inHeight + Math.min(0, bottom), inWidth + Math.min(0, right), inChannels],
          }),
        );
      }
      const xT = keep(run('Transpose', backend, { x: xUsed }, { perm: [3, 1, 2, 0] }));
      const dyT = keep(run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));
      const conv = keep(
        run('Conv2D', backend, { x: xT, filter: dyT }, {
          strides: [1, 1],
          dilations: [strideHeight, strideWidth],
          pad: [
            [0, 0],
            [padInfo.top, Math.max(0, bottom)],
            [padInfo.left, Math.max(0, right)],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        }),
      );
      const expected = [inChannels, filterHeight, filterWidth, outChannels];
      if (conv.shape.some((d, i) => d !== expected[i])) {
        throw new Error(`Conv2DBackpropFilter (wasm): internal shape mismatch [${conv.shape.join(',')}] for ${describe()}`);
      }
      return run('Transpose', backend, { x: conv }, { perm: [1, 2, 0, 3] });
    } finally {
      disposeAll(backend, temps);
    }
  };

  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
