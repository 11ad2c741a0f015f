import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';
import { callKernel, disposeAll } from './wasmCall';

/**
 * Wraps the wasm `BatchMatMul`, whose XNNPACK path serves only untransposed
 * operands: with `transposeA` or `transposeB` (every Dense and RNN gradient) it
 * falls back to a loop about 20× slower. Transposing the operand first with the
 * wasm `Transpose` costs one pass over it and keeps the fast path.
 */
export function batchMatMulConfig(tf: Tf, stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if ((!transposeA && !transposeB) || inputs.a.dtype !== 'float32' || inputs.b.dtype !== 'float32') {
      return stock.kernelFunc(args as never) as TensorInfo;
    }
    const temps: TensorInfo[] = [];
    try {
      const swapLast = (x: TensorInfo) => {
        const perm = x.shape.map((_, i) => i);
        perm.push(...perm.splice(-2).reverse());
        const t = callKernel(tf, 'Transpose', backend, { x }, { perm });
        temps.push(t);
        return t;
      };
      const a = transposeA ? swapLast(inputs.a) : inputs.a;
      const b = transposeB ? swapLast(inputs.b) : inputs.b;
      return stock.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as TensorInfo;
    } finally {
      disposeAll(backend, temps);
    }
  };
  return { ...stock, kernelFunc: kernelFunc as unknown as KernelFunc };
}
