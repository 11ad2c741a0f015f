import { describe, expect, it } from 'vitest';
import { findDataset } from './datasets';
import { estimateEpochSeconds, formatEpochSeconds, samplesPerEpoch } from './epochEstimate';
import { summarizeModel } from './summary';
import { chainGraph, layerNode } from './templates/build';
import { TrainingSettingsSchema } from './training';

describe('samplesPerEpoch', () => {
  const mnistTrain = findDataset('mnist')!.samples.train;

  it('takes the validation split off the end of the training samples', () => {
    const settings = TrainingSettingsSchema.parse({ validation: 'split', validationSplit: 0.2 });
    expect(mnistTrain).toBe(60_000);
    expect(samplesPerEpoch(settings, mnistTrain)).toBe(48_000);
  });

  it('trains on every sample when the test set (or nothing) validates', () => {
    expect(samplesPerEpoch(TrainingSettingsSchema.parse({ validation: 'test', validationSplit: 0.2 }), mnistTrain)).toBe(60_000);
    expect(samplesPerEpoch(TrainingSettingsSchema.parse({ validation: 'none' }), mnistTrain)).toBe(60_000);
  });

  it('applies the sample limit before the split, and never beyond the dataset', () => {
    expect(samplesPerEpoch(TrainingSettingsSchema.parse({ trainLimit: 300, validationSplit: 0.2 }), mnistTrain)).toBe(240);
    expect(samplesPerEpoch(TrainingSettingsSchema.parse({ trainLimit: 1_000_000, validation: 'test' }), mnistTrain)).toBe(60_000);
  });
});

describe('estimateEpochSeconds', () => {
  // 784 → 512 → 10: the forward pass is two matmuls plus the bias adds.
  const graph = chainGraph([
    layerNode('Input', 'input_1', { shape: [784] }),
    layerNode('Dense', 'dense_1', { units: 512, activation: 'relu', use_bias: true }),
    layerNode('Dense', 'dense_2', { units: 10, activation: 'softmax', use_bias: true }),
  ]);
  const byHand = 2 * 784 * 512 + 512 + 2 * 512 * 10 + 10;

  it('is three forward passes per sample at the measured FLOP rate', () => {
    const forwardFlopsPerSample = summarizeModel(graph).totalFlops;
    expect(forwardFlopsPerSample).toBe(byHand);
    const seconds = estimateEpochSeconds({ forwardFlopsPerSample, samples: 48_000, gflops: 10 });
    expect(seconds).toBeCloseTo((3 * byHand * 48_000) / 10e9, 12);
    // Twice the speed, half the time.
    expect(estimateEpochSeconds({ forwardFlopsPerSample, samples: 48_000, gflops: 20 })).toBeCloseTo(seconds! / 2, 12);
  });

  it('is unknown without a measured speed or a known cost', () => {
    expect(estimateEpochSeconds({ forwardFlopsPerSample: byHand, samples: 48_000, gflops: null })).toBeNull();
    expect(estimateEpochSeconds({ forwardFlopsPerSample: byHand, samples: 48_000, gflops: 0 })).toBeNull();
    expect(estimateEpochSeconds({ forwardFlopsPerSample: 0, samples: 48_000, gflops: 10 })).toBeNull();
    expect(estimateEpochSeconds({ forwardFlopsPerSample: Number.NaN, samples: 48_000, gflops: 10 })).toBeNull();
  });
});

describe('formatEpochSeconds', () => {
  it('rounds to what a person reads at a glance', () => {
    expect(formatEpochSeconds(null)).toBe('—');
    expect(formatEpochSeconds(0.4)).toBe('< 1 s/epoch');
    expect(formatEpochSeconds(12.4)).toBe('≈ 12 s/epoch');
    expect(formatEpochSeconds(270)).toBe('≈ 4.5 min/epoch');
    expect(formatEpochSeconds(59.7 * 60)).toBe('≈ 60 min/epoch');
    expect(formatEpochSeconds(2 * 3600)).toBe('≈ 2.0 h/epoch');
  });
});
