import type { TrainingSettings } from './training';

/**
 * Training one sample costs about three forward passes: the forward pass
 * itself, and a backward pass that computes gradients for both the
 * activations and the weights (each about as costly as the forward matmuls).
 */
export const TRAINING_FLOPS_PER_FORWARD = 3;

/**
 * Samples one epoch trains on: the dataset's training split (or the first
 * `trainLimit` of it), less the validation split when validation comes from
 * the end of the training samples, as Keras' `validation_split` does.
 * `datasetTrainSamples` is the dataset's own count with its default options
 * (`DatasetSpec.samples.train`).
 */
export function samplesPerEpoch(
  settings: Pick<TrainingSettings, 'trainLimit' | 'validation' | 'validationSplit'>,
  datasetTrainSamples: number,
): number {
  const loaded = settings.trainLimit === null ? datasetTrainSamples : Math.min(settings.trainLimit, datasetTrainSamples);
  return settings.validation === 'split' ? Math.floor(loaded * (1 - settings.validationSplit)) : loaded;
}

export interface EpochEstimateInput {
  /** Forward-pass FLOPs of one sample (`ModelSummary.totalFlops`). */
  forwardFlopsPerSample: number;
  samples: number;
  /** Measured float32 matmul throughput of the training backend, in GFLOP/s; null when unknown. */
  gflops: number | null;
}

/**
 * Seconds per epoch if training ran at the backend's measured matmul speed:
 * 3 × forward FLOPs × samples ÷ FLOP/s. A lower bound in spirit (data
 * loading, small batches and non-matmul kernels run slower than a large
 * matmul); null when any input is unknown or not positive.
 */
export function estimateEpochSeconds({ forwardFlopsPerSample, samples, gflops }: EpochEstimateInput): number | null {
  if (gflops === null || !(gflops > 0) || !(forwardFlopsPerSample > 0) || !(samples > 0)) return null;
  if (!Number.isFinite(forwardFlopsPerSample * samples * gflops)) return null;
  return (TRAINING_FLOPS_PER_FORWARD * forwardFlopsPerSample * samples) / (gflops * 1e9);
}

/** `≈ 12 s/epoch`, `≈ 4.5 min/epoch`, `< 1 s/epoch`; `—` when unknown. */
export function formatEpochSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return '< 1 s/epoch';
  if (seconds < 60) return `≈ ${Math.round(seconds)} s/epoch`;
  if (seconds < 3600) return `≈ ${formatOneDecimal(seconds / 60)} min/epoch`;
  return `≈ ${formatOneDecimal(seconds / 3600)} h/epoch`;
}

/** One decimal below 10, none from 10 (`4.5`, `12`). */
function formatOneDecimal(value: number): string {
  return value < 9.95 ? value.toFixed(1) : String(Math.round(value));
}
