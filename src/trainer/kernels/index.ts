import type { KernelConfig } from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';
import { batchMatMulConfig } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { unsortedSegmentSumConfig } from './unsortedSegmentSum';

/** Marks our kernel functions, so registering twice is a no-op. */
const MARK = Symbol.for('layerlab.fastKernel');

type Factory = (stock: KernelConfig | undefined) => KernelConfig;

function needStock(name: string, make: (stock: KernelConfig) => KernelConfig): Factory {
  return (stock) => {
    if (!stock) throw new Error(`the wasm backend has no stock ${name} kernel to wrap`);
    return make(stock);
  };
}

function kernelsFor(tf: Tf, backendName: string): Record<string, Factory> {
  switch (backendName) {
    // Stock cpu has a per-segment UnsortedSegmentSum (~50 min a batch for an
    // Embedding over a 20k vocabulary); replace it with a one-pass one.
    case 'cpu':
      return { UnsortedSegmentSum: () => unsortedSegmentSumConfig('cpu') };
    case 'wasm':
      return {
        // Missing from stock wasm, so CNNs and Embeddings could not train.
        UnsortedSegmentSum: () => unsortedSegmentSumConfig('wasm'),
        Conv2DBackpropFilter: () => conv2dBackpropFilterConfig(tf),
        // Stock, but slow loops outside XNNPACK: wrapped to reach its fast paths.
        Conv2DBackpropInput: needStock('Conv2DBackpropInput', (stock) => conv2dBackpropInputConfig(tf, stock)),
        BatchMatMul: needStock('BatchMatMul', (stock) => batchMatMulConfig(tf, stock)),
      };
    default:
      return {};
  }
}

/**
 * Registers LayerLab's kernels for `backendName` ('cpu' or 'wasm'; other
 * backends need none), replacing or wrapping stock ones where they exist.
 * Idempotent. Returns the names of the kernels now ours.
 */
export function registerFastKernels(tf: Tf, backendName: string): string[] {
  const names: string[] = [];
  for (const [kernelName, make] of Object.entries(kernelsFor(tf, backendName))) {
    names.push(kernelName);
    const existing = tf.getKernel(kernelName, backendName) as KernelConfig | undefined;
    if (existing && MARK in existing.kernelFunc) continue;
    const config = make(existing);
    // registerKernel warns and overwrites when a kernel exists; unregister the stock one quietly first.
    if (existing) tf.unregisterKernel(kernelName, backendName);
    if (!(MARK in config.kernelFunc)) Object.defineProperty(config.kernelFunc, MARK, { value: true });
    tf.registerKernel(config);
  }
  return names;
}
