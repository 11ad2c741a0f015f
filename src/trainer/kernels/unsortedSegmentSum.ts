import type { DataType, KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

type NumericArray = Float32Array | Int32Array | Uint8Array;

/**
 * One-pass scatter-add `UnsortedSegmentSum`, for any backend that stores data
 * the engine can read synchronously (cpu, wasm).
 *
 * The stock cpu kernel builds a mask per segment, so an Embedding's gradient
 * (a GatherV2 gradient, segment count = vocabulary size) costs
 * vocabulary × batch work; this one touches each input element once.
 *
 * Semantics follow the stock tfjs cpu kernel: `segmentIds` is 1-D with one id
 * per row of `x` (tfjs documents only that; the stock kernel fails on other
 * ranks, and the GatherV2 gradient always flattens its ids), and row `x[i]` is
 * added to `out[segmentIds[i]]`, so the output shape is
 * `[numSegments, ...x.shape.slice(1)]`. Ids outside `[0, numSegments)`
 * (negative or too large) are dropped, as the stock kernel's per-segment mask
 * never matches them. Sums accumulate in float64 in row order, like the stock
 * kernel's `Sum`, then round once to the output dtype.
 */
export function unsortedSegmentSumValues(
  x: ArrayLike<number>,
  xShape: readonly number[],
  segmentIds: ArrayLike<number>,
  segmentIdsShape: readonly number[],
  numSegments: number,
  dtype: DataType = 'float32',
): { values: Float32Array | Int32Array; shape: number[] } {
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`);
  }
  if (segmentIdsShape.length !== 1 || xShape.length < 1 || segmentIdsShape[0] !== xShape[0]) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds must be 1-D with one id per row of x; got segmentIds [${segmentIdsShape.join(',')}] for x [${xShape.join(',')}]`,
    );
  }
  const outShape = [numSegments, ...xShape.slice(1)];
  const rowSize = product(xShape.slice(1));
  const numRows = xShape[0]!;
  const acc = new Float64Array(numSegments * rowSize);
  for (let i = 0; i < numRows; i++) {
    const s = segmentIds[i]!;
    if (!(s >= 0 && s < numSegments)) continue;
    const xStart = i * rowSize;
    const outStart = s * rowSize;
    for (let t = 0; t < rowSize; t++) acc[outStart + t]! += x[xStart + t]!;
  }
  const values = dtype === 'int32' ? new Int32Array(acc.length) : new Float32Array(acc.length);
  values.set(acc);
  return { values, shape: outShape };
}

function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * Reads through `backend.readSync`, which copies out of the wasm heap (a view
 * would be invalidated when `write` below grows the heap) and returns the
 * stored array on cpu, which is only read here.
 */
function unsortedSegmentSum(args: { inputs: { x: TensorInfo; segmentIds: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments as number;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum: unsupported dtype ${x.dtype}`);
  }
  const xValues = backend.readSync(x.dataId) as NumericArray;
  const ids = backend.readSync(segmentIds.dataId) as NumericArray;
  const { values, shape } = unsortedSegmentSumValues(xValues, x.shape, ids, segmentIds.shape, numSegments, x.dtype);
  return { dataId: backend.write(values, shape, x.dtype), shape, dtype: x.dtype };
}

export function unsortedSegmentSumConfig(backendName: string): KernelConfig {
  return { kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSum as unknown as KernelFunc };
}
