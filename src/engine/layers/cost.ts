import { featureSize, type Shape } from '../shape';

/**
 * Dimension helpers for `LayerSpec.flops`. An unknown dimension reads as NaN
 * so it spreads through the arithmetic and the summary reports the FLOPs as
 * unknown, instead of silently counting the dimension as 0.
 */

/** Values per sample (every axis but the batch). */
export function elementsOf(shape: Shape | undefined): number {
  return (shape && featureSize(shape)) ?? Number.NaN;
}

export function lastDim(shape: Shape | undefined): number {
  return dimAt(shape, -1);
}

/** Axis `axis` (negative counts from the end). */
export function dimAt(shape: Shape | undefined, axis: number): number {
  const value = shape?.at(axis);
  return typeof value === 'number' ? value : Number.NaN;
}

/** One op per element of every input but the first: the cost of an element-wise merge. */
export function elementwiseMergeFlops(inputs: readonly Shape[], output: Shape): number {
  return elementsOf(output) * Math.max(0, inputs.length - 1);
}
