/** Trained weights in tfjs order, as stored in a project and handed to the trainer. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface StoredWeights {
  specs: WeightSpec[];
  /** All tensors' float32 values back to back, little-endian, in `specs` order. */
  data: Uint8Array;
}

export function weightsByteLength(specs: readonly WeightSpec[]): number {
  return specs.reduce((sum, s) => sum + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
}
