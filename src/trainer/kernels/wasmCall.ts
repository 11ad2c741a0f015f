import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';

/**
 * Runs another registered wasm kernel from inside a kernel. Its output is not
 * tracked by the engine: the caller disposes intermediates with `disposeAll`.
 */
export function callKernel(
  tf: Tf,
  name: string,
  backend: KernelBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

export function disposeAll(backend: KernelBackend, infos: readonly TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
