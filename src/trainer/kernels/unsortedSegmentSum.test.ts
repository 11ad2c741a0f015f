import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';
import { loadJsTfWithWasm, mulberry32 } from './harness';
import { registerFastKernels } from './index';
import { unsortedSegmentSumValues } from './unsortedSegmentSum';

/** Straight from the definition: out[ids[i], r] += x[i, r], dropping ids outside [0, n). */
function referenceLoop(x: Float32Array, xShape: number[], ids: Int32Array, n: number): Float32Array {
  const rowSize = xShape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(n * rowSize);
  for (let i = 0; i < xShape[0]!; i++) {
    for (let r = 0; r < rowSize; r++) {
      const s = ids[i]!;
      if (s >= 0 && s < n) out[s * rowSize + r]! += x[i * rowSize + r]!;
    }
  }
  return Float32Array.from(out);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const random = mulberry32(7);
const randomFloats = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
/** Ids in [-2, n + 2): some negative, some too large, which every implementation drops. */
const randomIds = (count: number, n: number) => Int32Array.from({ length: count }, () => Math.floor(random() * (n + 4)) - 2);

const cases: { xShape: number[]; n: number }[] = [
  { xShape: [40], n: 7 },
  { xShape: [33, 5], n: 12 },
  { xShape: [9, 4, 3], n: 5 },
  { xShape: [300, 16], n: 90 },
];

let tf: Tf;
let stockCpu: KernelConfig;

function useStockCpuKernel() {
  tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel(stockCpu);
}

beforeAll(async () => {
  tf = await loadJsTfWithWasm();
  stockCpu = { ...tf.getKernel('UnsortedSegmentSum', 'cpu') };
  expect(Symbol.for('layerlab.fastKernel') in stockCpu.kernelFunc).toBe(false);
});

describe('one-pass UnsortedSegmentSum', () => {
  it.each(cases)('equals a reference loop and the stock cpu kernel: x $xShape, $n segments', async ({ xShape, n }) => {
    const x = randomFloats(xShape.reduce((a, b) => a * b, 1));
    const ids = randomIds(xShape[0]!, n);
    expect(ids.some((s) => s < 0) && ids.some((s) => s >= n)).toBe(true);
    const expected = referenceLoop(x, xShape, ids, n);

    const pure = unsortedSegmentSumValues(x, xShape, ids, [ids.length], n);
    expect(pure.shape).toEqual([n, ...xShape.slice(1)]);
    expect(maxAbsDiff(pure.values, expected)).toBeLessThan(1e-6);

    async function viaKernel(backend: 'cpu' | 'wasm', kernel: 'stock' | 'fast') {
      expect(await tf.setBackend(backend)).toBe(true);
      if (kernel === 'stock') useStockCpuKernel();
      else registerFastKernels(tf, backend);
      const out = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor(x, xShape), tf.tensor1d(ids, 'int32'), n));
      const result = { shape: out.shape, values: out.dataSync().slice() };
      out.dispose();
      return result;
    }

    const stock = await viaKernel('cpu', 'stock');
    expect(stock.shape).toEqual(pure.shape);
    expect(maxAbsDiff(stock.values, expected)).toBeLessThan(1e-6);
    for (const backend of ['cpu', 'wasm'] as const) {
      const fast = await viaKernel(backend, 'fast');
      expect(fast.shape).toEqual(pure.shape);
      expect(maxAbsDiff(fast.values, stock.values)).toBeLessThan(1e-6);
    }
  });

  it('gives zeros for segments no row maps to, an empty result for 0 segments, and rejects ids that are not one per row', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const some = unsortedSegmentSumValues(x, [3, 2], Int32Array.from([2, -1, 2]), [3], 4);
    expect(Array.from(some.values)).toEqual([0, 0, 0, 0, 6, 8, 0, 0]);
    const none = unsortedSegmentSumValues(x, [3, 2], Int32Array.from([0, 1, 2]), [3], 0);
    expect(none.shape).toEqual([0, 2]);
    expect(none.values.length).toBe(0);
    expect(() => unsortedSegmentSumValues(x, [3, 2], new Int32Array(2), [2], 2)).toThrow(/one id per row/);
    expect(() => unsortedSegmentSumValues(x, [3, 2], new Int32Array(6), [3, 2], 2)).toThrow(/1-D/);
  });

  it('is fast at a 20k vocabulary, where the stock cpu kernel loops once per segment', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    registerFastKernels(tf, 'cpu');
    const start = performance.now();
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.randomNormal([128 * 100, 64]), tf.randomUniform([128 * 100], 0, 20_000, 'int32'), 20_000),
    );
    out.dataSync();
    out.dispose();
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

describe('Embedding gradient (gather, then sum)', () => {
  it('on wasm and on cpu with the fast kernel matches the stock cpu kernel', async () => {
    const vocab = 50;
    const dim = 8;
    const table = randomFloats(vocab * dim);
    // Batch of 6 sequences of 7 tokens, with repeats and every token in range as Embedding guarantees.
    const tokens = Int32Array.from({ length: 42 }, () => Math.floor(random() * vocab));
    tokens[1] = tokens[0]!;
    const weights = randomFloats(42 * dim);

    async function gradient(backend: 'cpu' | 'wasm', kernel: 'stock' | 'fast') {
      expect(await tf.setBackend(backend)).toBe(true);
      if (kernel === 'stock') useStockCpuKernel();
      else registerFastKernels(tf, backend);
      const g = tf.tidy(() => {
        const indices = tf.tensor(tokens, [6, 7], 'int32');
        const w = tf.tensor(weights, [6, 7, dim]);
        return tf.grad((t: TF.Tensor) => tf.gather(t, indices).mul(w).sum())(tf.tensor(table, [vocab, dim]));
      });
      const values = g.dataSync().slice();
      g.dispose();
      return values;
    }

    const stock = await gradient('cpu', 'stock');
    expect(stock.some((v) => v !== 0)).toBe(true);
    expect(maxAbsDiff(await gradient('cpu', 'fast'), stock)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await gradient('wasm', 'fast'), stock)).toBeLessThan(1e-5);
  });
});
