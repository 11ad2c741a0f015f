import type { DatasetSpec } from './datasets';
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

/**
 * What one epoch feeds the model: samples (counted once per batch they are
 * in) and training steps. Shuffled batches: the epoch's samples in batches of
 * `batchSize`. The tutorial's generator: its batches for the default corpus
 * (CBOW's growing batches feed many more samples than the corpus holds).
 */
export function epochWork(
  settings: Pick<TrainingSettings, 'trainLimit' | 'validation' | 'validationSplit' | 'batchSize' | 'batching'>,
  dataset: Pick<DatasetSpec, 'samples'> & { tutorialPass?: { batches: number; samples: number } },
): { samples: number; steps: number } {
  const pass = dataset.tutorialPass;
  if (settings.batching === 'tutorial' && pass) return { samples: pass.samples, steps: pass.batches };
  const samples = samplesPerEpoch(settings, dataset.samples.train);
  return { samples, steps: Math.ceil(samples / settings.batchSize) };
}

export interface EpochEstimateInput {
  /** Forward-pass FLOPs of one sample (`ModelSummary.totalFlops`). */
  forwardFlopsPerSample: number;
  samples: number;
  /** Training steps per epoch; with `kernelCallsPerStep` and `kernelMicros`, the launch overhead. */
  steps?: number;
  /** Kernels one step launches (`ModelSummary.kernelCallsPerStep`). */
  kernelCallsPerStep?: number;
  /** Measured float32 matmul throughput of the training backend, in GFLOP/s; null when unknown. */
  gflops: number | null;
  /** Measured microseconds per small kernel launch; null or absent leaves the launch overhead out. */
  kernelMicros?: number | null;
}

/**
 * Seconds per epoch: the arithmetic at the backend's measured matmul speed
 * (3 × forward FLOPs × samples ÷ FLOP/s) plus, where measured, the kernel
 * launches (steps × kernels per step × µs per launch), which dominate
 * recurrent layers that tfjs unrolls step by step. Data loading is left out.
 * Null when the speed or the cost is unknown or not positive.
 */
export function estimateEpochSeconds(input: EpochEstimateInput): number | null {
  const { forwardFlopsPerSample, samples, gflops } = input;
  if (gflops === null || !(gflops > 0) || !(forwardFlopsPerSample > 0) || !(samples > 0)) return null;
  if (!Number.isFinite(forwardFlopsPerSample * samples * gflops)) return null;
  const arithmetic = (TRAINING_FLOPS_PER_FORWARD * forwardFlopsPerSample * samples) / (gflops * 1e9);
  const { steps, kernelCallsPerStep, kernelMicros } = input;
  const launches = steps !== undefined && kernelCallsPerStep !== undefined && kernelMicros ? (steps * kernelCallsPerStep * kernelMicros) / 1e6 : 0;
  return Number.isFinite(launches) ? arithmetic + launches : arithmetic;
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
