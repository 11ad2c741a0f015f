import { describe, expect, it } from 'vitest';
import { findDataset } from '../../../engine/datasets';
import { chainGraph, layerNode } from '../../../engine/templates/build';
import { TEMPLATES, type ProjectTemplate } from '../../../engine/templates';
import { TrainingSettingsSchema } from '../../../engine/training';
import type { BackendInfo } from '../../../shared/contract';
import { templateFacts } from './templateFacts';

// 784 → 128 → 10, counted by hand: weights and biases of two Dense layers.
const PARAMS = (784 + 1) * 128 + (128 + 1) * 10;
const FORWARD_FLOPS = 2 * 784 * 128 + 128 + 2 * 128 * 10 + 10;

const template: ProjectTemplate = {
  id: 'facts-test',
  title: 'Facts test',
  group: 'images',
  description: 'A small MLP',
  dataset: 'mnist',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [784] }),
    layerNode('Dense', 'dense_1', { units: 128, activation: 'relu', use_bias: true }),
    layerNode('Dense', 'dense_2', { units: 10, activation: 'softmax', use_bias: true }),
  ]),
  training: TrainingSettingsSchema.parse({ dataset: 'mnist', validation: 'split', validationSplit: 0.2 }),
  tutorial: { section: 'test', result: 'test accuracy 0.97 after 5 epochs', epochs: [] },
};

const backend = (gflops: number | null, kernelMicros: number | null = null): BackendInfo => ({
  name: 'tensorflow',
  native: true,
  detail: 'test',
  gflops,
  kernelMicros,
});

describe('templateFacts', () => {
  it('gives the dataset, the exact parameter count, the tutorial result and the estimate', () => {
    const facts = templateFacts(template, backend(2));
    expect(facts.datasetTitle).toBe(findDataset('mnist')!.title);
    expect(PARAMS).toBe(101_770);
    expect(facts.params).toBe('101,770');
    expect(facts.result).toBe('test accuracy 0.97 after 5 epochs');
    // 3 passes × FLOPs × 48 000 samples (60 000 less the 20 % split) at 2 GFLOP/s.
    const seconds = (3 * FORWARD_FLOPS * 48_000) / 2e9;
    expect(facts.estimate).toBe(`≈ ${Math.round(seconds)} s/epoch (est.)`);
    expect(facts.estimateDetail).toContain('48,000 samples');
    expect(facts.estimateDetail).toContain('2.0 GFLOP/s');
  });

  it('adds the kernel launches: steps × kernels per step × µs per launch', () => {
    // 375 steps of 128; per step each Dense launches 8 kernels and its Adadelta update 32, the Input 8: 88.
    const withLaunches = templateFacts(template, backend(2, 20));
    const seconds = (3 * FORWARD_FLOPS * 48_000) / 2e9 + (375 * 88 * 20) / 1e6;
    expect(withLaunches.estimate).toBe(`≈ ${Math.round(seconds)} s/epoch (est.)`);
    expect(withLaunches.estimateDetail).toContain('375 steps × 88 kernel launches per step × 20.0 µs');
  });

  it('counts a recurrent layer’s launches per time step, so GRU sentiment is far slower than its FLOPs say', () => {
    const gru = TEMPLATES.find((t) => t.id === 'gru-imdb')!;
    const flopsOnly = templateFacts(gru, backend(50)).estimateDetail;
    expect(flopsOnly).toMatch(/not measured/);
    // 140 steps × 100 kernels of the GRU dominate: 79 steps × ~14,000 launches × 30 µs ≈ 33 s.
    expect(templateFacts(gru, backend(50, 30)).estimate).toMatch(/≈ (3\d|4\d) s\/epoch/);
  });

  it('shows no estimate until the backend speed is known, and says why', () => {
    expect(templateFacts(template, null).estimate).toBe('—');
    expect(templateFacts(template, null).estimateDetail).toMatch(/still being probed/);
    const unmeasured = templateFacts(template, backend(null));
    expect(unmeasured.estimate).toBe('—');
    expect(unmeasured.estimateDetail).toMatch(/not measured/);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: known dataset, complete summary, an estimate', (_id, t) => {
    const facts = templateFacts(t, backend(50));
    expect(findDataset(t.dataset), `dataset '${t.dataset}'`).toBeDefined();
    expect(facts.params).toMatch(/^\d{1,3}(,\d{3})*$/);
    expect(facts.result.length).toBeGreaterThan(0);
    expect(facts.estimate).toMatch(/(≈|<) .* (s|min|h)\/epoch \(est\.\)$/);
  });
});
