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

/**
 * Checkpoints append the optimizer's state to the model's weights, under names
 * that start with this (src/trainer/trainingState.ts writes them).
 */
export const OPTIMIZER_STATE_PREFIX = 'optimizer/';

/** The model's part of a weights file and the optimizer's part (null when it has none). */
export function splitTrainingState(stored: StoredWeights): { model: StoredWeights; optimizer: StoredWeights | null } {
  const first = stored.specs.findIndex((s) => s.name.startsWith(OPTIMIZER_STATE_PREFIX));
  if (first < 0) return { model: stored, optimizer: null };
  const modelSpecs = stored.specs.slice(0, first);
  const cut = weightsByteLength(modelSpecs);
  return {
    model: { specs: modelSpecs, data: stored.data.subarray(0, cut) },
    optimizer: { specs: stored.specs.slice(first), data: stored.data.subarray(cut) },
  };
}
