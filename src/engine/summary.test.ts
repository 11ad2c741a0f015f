import { describe, expect, it } from 'vitest';
import type { Graph } from './graph';
import { activationBytes, activationBytesPerBatch, summarizeModel } from './summary';
import { chainGraph, connect, getTemplate, layerNode as n } from './templates';

/** Inputs `in0…` of these feature shapes, wired in order into the layer under test, `layer`. */
function layerGraph(kind: string, params: Record<string, unknown>, shapes: number[][]): Graph {
  const inputs = shapes.map((shape, i) => n('Input', `in${i}`, { shape }));
  return { nodes: [...inputs, n(kind, 'layer', params)], edges: inputs.map((input) => connect(input.id, 'layer')) };
}

/**
 * kind, params, input feature shapes, FLOPs per sample worked out by hand
 * (a multiply-add is 2 FLOPs, a bias add 1), output values per sample.
 */
type CostCase = [string, Record<string, unknown>, number[][], number, number];

const COSTS: CostCase[] = [
  // 2·in·units + units
  ['Dense', { units: 128 }, [[784]], 2 * 784 * 128 + 128, 128],
  ['Dense', { units: 32, use_bias: false }, [[10]], 2 * 10 * 32, 32],
  // 2·kh·kw·cin·cout·oh·ow + cout·oh·ow
  ['Conv2D', { filters: 32, kernel_size: [3, 3] }, [[28, 28, 1]], 2 * 3 * 3 * 1 * 32 * 26 * 26 + 32 * 26 * 26, 26 * 26 * 32],
  ['Conv2D', { filters: 6, kernel_size: [5, 3], strides: [2, 2], padding: 'same', use_bias: false }, [[9, 10, 3]], 2 * 5 * 3 * 3 * 6 * 5 * 5, 5 * 5 * 6],
  // 2·k·cin·cout·steps + cout·steps
  ['Conv1D', { filters: 8, kernel_size: 3 }, [[20, 5]], 2 * 3 * 5 * 8 * 18 + 8 * 18, 18 * 8],
  // window size × output values
  ['MaxPooling2D', {}, [[26, 26, 32]], 2 * 2 * 13 * 13 * 32, 13 * 13 * 32],
  ['AveragePooling2D', { pool_size: [2, 3], strides: [1, 1] }, [[6, 6, 1]], 2 * 3 * 5 * 4 * 1, 5 * 4],
  ['GlobalMaxPooling2D', {}, [[5, 6, 7]], 5 * 6 * 7, 7],
  ['GlobalAveragePooling1D', {}, [[16, 32]], 16 * 32, 32],
  // steps · gates · (2·units·(features + units) + units)
  ['SimpleRNN', { units: 8 }, [[5, 3]], 5 * 1 * (2 * 8 * (3 + 8) + 8), 8],
  ['GRU', { units: 16 }, [[10, 12]], 10 * 3 * (2 * 16 * (12 + 16) + 16), 16],
  ['GRU', { units: 6, return_sequences: true }, [[4, 3]], 4 * 3 * (2 * 6 * (3 + 6) + 6), 4 * 6],
  ['LSTM', { units: 10 }, [[7, 5]], 7 * 4 * (2 * 10 * (5 + 10) + 10), 10],
  // steps × Dense with bias
  ['TimeDistributed', { units: 4 }, [[3, 5]], 3 * (2 * 5 * 4 + 4), 3 * 4],
  ['BatchNormalization', {}, [[4, 6, 3]], 2 * 4 * 6 * 3, 4 * 6 * 3],
  ['Activation', {}, [[10]], 10, 10],
  ['Add', {}, [[3, 2], [3, 2], [3, 2]], 3 * 2 * 2, 3 * 2],
  ['Embedding', { input_dim: 50, output_dim: 8 }, [[7]], 0, 7 * 8],
  ['Concatenate', {}, [[16, 4], [16, 4]], 0, 16 * 8],
  ['Reshape', { target_shape: [28, 28, 1] }, [[784]], 0, 784],
  ['Flatten', {}, [[3, 4]], 0, 12],
  ['Dropout', {}, [[10]], 0, 10],
  ['RepeatVector', { n: 3 }, [[5]], 0, 15],
];

describe('cost estimates', () => {
  it.each(COSTS)('%s %j on %j: %i FLOPs per sample', (kind, params, shapes, flops, values) => {
    const summary = summarizeModel(layerGraph(kind, params, shapes));
    expect(summary.complete).toBe(true);
    const layer = summary.layers.find((l) => l.id === 'layer')!;
    expect(layer.flops).toBe(flops);
    expect(layer.activationBytes).toBe(values * 4);
    const inputValues = shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
    expect(summary.totalFlops).toBe(flops);
    expect(summary.activationBytesPerSample).toBe((inputValues + values) * 4);
  });

  it('the MLP template: 784 → Dense 128 → Dropout → Dense 10', () => {
    const summary = summarizeModel(getTemplate('mlp-mnist')!.graph);
    expect(summary.layers.map((l) => [l.name, l.flops, l.activationBytes])).toEqual([
      ['input_1', 0, 784 * 4],
      ['dense_1', 2 * 784 * 128 + 128, 128 * 4],
      ['dropout_1', 0, 128 * 4],
      ['dense_2', 2 * 128 * 10 + 10, 10 * 4],
    ]);
    expect(summary.totalFlops).toBe(203_402);
    expect(summary.activationBytesPerSample).toBe(4_200);
    expect(activationBytesPerBatch(summary, 128)).toBe(4_200 * 128);
  });

  it('leaves broken layers unknown and sums only the known ones', () => {
    const summary = summarizeModel(chainGraph([n('Input', 'in', { shape: [4] }), n('Dense', 'd', { units: 2 }), n('Conv2D', 'c')]));
    expect(summary.layers.find((l) => l.id === 'c')).toMatchObject({ flops: null, activationBytes: null, params: null });
    expect(summary.totalFlops).toBe(2 * 4 * 2 + 2);
    expect(summary.activationBytesPerSample).toBe((4 + 2) * 4);
  });

  it('counts no activation bytes for a shape with an unknown dimension', () => {
    expect(activationBytes([null, null, 3])).toBeNull();
    expect(activationBytes(null)).toBeNull();
    expect(activationBytes([null, 2, 3])).toBe(24);
  });
});
