import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analyze';
import { compileGraph } from '../compile';
import type { Graph } from '../graph';
import { formatShape, type Shape } from '../shape';
import { summarizeModel } from '../summary';
import { chainGraph, connect, getTemplate, layerNode as n } from '../templates';
import { defaultParams, getLayerSpec, LAYER_SPECS, parseParams } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

async function build(graph: Graph): Promise<tf.LayersModel> {
  const result = compileGraph(graph);
  if (!result.ok) throw new Error(`expected to compile: ${result.issues.map((i) => i.message).join('; ')}`);
  const modelTopology = JSON.parse(JSON.stringify(result.modelTopology)) as tf.io.ModelJSON['modelTopology'];
  return tf.models.modelFromJSON({ modelTopology } as tf.io.ModelJSON);
}

const fmt = (result: { ok: true; shape: Shape } | { ok: false; message: string }) =>
  result.ok ? formatShape(result.shape) : `error: ${result.message}`;

/** kind, params, one or more input feature shapes (one per input for merges), expected output. */
type Case = [string, Record<string, unknown>, number[][], string];

const ROUND_TRIPS: Case[] = [
  ['Reshape', { target_shape: [28, 28, 1] }, [[784]], '(None, 28, 28, 1)'],
  ['Reshape', { target_shape: [6, 4] }, [[3, 8]], '(None, 6, 4)'],
  ['Conv1D', { filters: 8, kernel_size: 3 }, [[20, 5]], '(None, 18, 8)'],
  ['Conv1D', { filters: 4, kernel_size: 5, strides: 2, padding: 'same', activation: 'relu' }, [[11, 3]], '(None, 6, 4)'],
  ['Conv2D', { filters: 32, kernel_size: [3, 3] }, [[28, 28, 1]], '(None, 26, 26, 32)'],
  ['Conv2D', { filters: 6, kernel_size: [5, 3], strides: [2, 2], padding: 'same', use_bias: false }, [[9, 10, 3]], '(None, 5, 5, 6)'],
  ['MaxPooling2D', {}, [[26, 26, 32]], '(None, 13, 13, 32)'],
  ['MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'same' }, [[7, 9, 2]], '(None, 4, 5, 2)'],
  ['AveragePooling2D', {}, [[5, 5, 3]], '(None, 2, 2, 3)'],
  ['AveragePooling2D', { pool_size: [2, 3], strides: [1, 1] }, [[6, 6, 1]], '(None, 5, 4, 1)'],
  ['BatchNormalization', {}, [[10]], '(None, 10)'],
  ['BatchNormalization', { axis: 1, momentum: 0.9, epsilon: 0.01 }, [[4, 6, 3]], '(None, 4, 6, 3)'],
  ['Embedding', { input_dim: 2500, output_dim: 256 }, [[16]], '(None, 16, 256)'],
  ['Embedding', { input_dim: 50, output_dim: 8, input_length: 7 }, [[7]], '(None, 7, 8)'],
  ['SimpleRNN', { units: 8 }, [[5, 3]], '(None, 8)'],
  ['SimpleRNN', { units: 4, activation: 'relu', return_sequences: true }, [[6, 2]], '(None, 6, 4)'],
  ['GRU', { units: 16 }, [[10, 12]], '(None, 16)'],
  ['GRU', { units: 6, return_sequences: true, recurrent_activation: 'sigmoid' }, [[4, 3]], '(None, 4, 6)'],
  ['LSTM', { units: 10 }, [[7, 5]], '(None, 10)'],
  ['LSTM', { units: 3, return_sequences: true }, [[4, 2]], '(None, 4, 3)'],
  ['RepeatVector', { n: 16 }, [[128]], '(None, 16, 128)'],
  ['RepeatVector', { n: 3 }, [[5]], '(None, 3, 5)'],
  ['TimeDistributed', { units: 128 }, [[16, 128]], '(None, 16, 128)'],
  ['TimeDistributed', { units: 4, activation: 'softmax' }, [[3, 5]], '(None, 3, 4)'],
  ['Concatenate', {}, [[16, 128], [16, 128]], '(None, 16, 256)'],
  ['Concatenate', { axis: 1 }, [[2, 3], [5, 3], [1, 3]], '(None, 8, 3)'],
  ['Add', {}, [[4], [4]], '(None, 4)'],
  ['Add', {}, [[3, 2], [3, 2], [3, 2]], '(None, 3, 2)'],
  ['GlobalAveragePooling1D', {}, [[16, 32]], '(None, 32)'],
  ['GlobalMaxPooling1D', {}, [[9, 4]], '(None, 4)'],
  ['GlobalMaxPooling2D', {}, [[5, 6, 7]], '(None, 7)'],
];

const NEW_KINDS = [...new Set(ROUND_TRIPS.map(([kind]) => kind))];

/** Inputs `in0…`, each wired in order into the layer under test. */
function layerGraph(kind: string, params: Record<string, unknown>, shapes: number[][]): Graph {
  const inputs = shapes.map((shape, i) => n('Input', `in${i}`, { shape }));
  return { nodes: [...inputs, n(kind, 'layer', params)], edges: inputs.map((input) => connect(input.id, 'layer')) };
}

describe('new layer kinds', () => {
  it('are all registered, and every one has a round trip below', () => {
    const older = ['Input', 'Dense', 'Activation', 'Dropout', 'Flatten'];
    expect(LAYER_SPECS.map((s) => s.kind).filter((kind) => !older.includes(kind)).sort()).toEqual([...NEW_KINDS].sort());
    expect(NEW_KINDS).toHaveLength(17);
  });

  it.each(ROUND_TRIPS)('%s %j on %j infers %s; tfjs agrees on shape and params', async (kind, params, shapes, expected) => {
    const graph = layerGraph(kind, params, shapes);
    const analysis = analyzeGraph(graph);
    expect(analysis.issues).toEqual([]);
    expect(formatShape(analysis.nodeShapes['layer']!)).toBe(expected);
    const summary = summarizeModel(graph);
    expect(summary.complete).toBe(true);
    const model = await build(graph);
    expect(model.outputs[0]?.shape).toEqual(analysis.nodeShapes['layer']);
    expect(model.getLayer('layer').getClassName()).toBe(kind);
    expect(model.countParams()).toBe(summary.totalParams);
    expect(summary.layers.find((l) => l.id === 'layer')?.params).toBe(model.getLayer('layer').countParams());
    model.dispose();
  });

  it('writes Keras parity settings', () => {
    // GRU(20) on 100 features: Keras 1's per-gate glorot range √(6/(100+20)) from a fused (100, 60) kernel.
    const gru = getLayerSpec('GRU')!.toKeras({ ...defaultParams('GRU'), units: 20 }, 'gru_1', [[null, 140, 100]]).config;
    expect(gru).toMatchObject({
      recurrent_activation: 'hard_sigmoid',
      reset_after: false,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 160 / 120, mode: 'fan_avg', distribution: 'uniform', seed: null } },
      recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1.1 * Math.sqrt(3), seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      return_sequences: false,
    });
    expect(getLayerSpec('LSTM')!.toKeras(defaultParams('LSTM'), 'lstm_1').config).toMatchObject({
      unit_forget_bias: true,
      recurrent_activation: 'hard_sigmoid',
    });
    expect(getLayerSpec('Embedding')!.toKeras(defaultParams('Embedding'), 'e').config.embeddings_initializer).toEqual({
      class_name: 'RandomUniform',
      config: { minval: -0.05, maxval: 0.05, seed: null },
    });
    const td = getLayerSpec('TimeDistributed')!.toKeras({ units: 5, activation: 'relu' }, 'td');
    expect(td.class_name).toBe('TimeDistributed');
    expect(td.config.layer).toMatchObject({ class_name: 'Dense', config: { units: 5, activation: 'relu' } });
    expect(getLayerSpec('MaxPooling2D')!.toKeras(defaultParams('MaxPooling2D'), 'p').config).toMatchObject({
      pool_size: [2, 2],
      strides: [2, 2],
    });
    expect(defaultParams('BatchNormalization')).toEqual({ axis: -1, momentum: 0.99, epsilon: 0.001 });
    expect(defaultParams('Concatenate')).toEqual({ axis: -1 });
    expect(getLayerSpec('Concatenate')!.arity).toEqual({ min: 2, max: 16 });
    expect(getLayerSpec('Add')!.arity).toEqual({ min: 2, max: 16 });
    expect(getLayerSpec('GlobalAveragePooling1D')!.description).toContain('K.mean(x, axis=1)');
    expect(getLayerSpec('GRU')!.params.parse({}).recurrent_activation).toBe('hard_sigmoid');
  });
});

describe('plain-language shape errors', () => {
  const spec = (kind: string) => getLayerSpec(kind)!;
  const infer = (kind: string, inputs: Shape[], params: Record<string, unknown> = {}) =>
    fmt(spec(kind).inferShape(inputs, spec(kind).params.parse(params)));

  it.each<[string, Shape[], Record<string, unknown>, string]>([
    ['Conv2D', [[null, 784]], {}, 'Conv2D expects (None, rows, cols, channels) but receives (None, 784). Insert a Reshape layer first.'],
    ['Conv2D', [[null, 2, 2, 1]], {}, "Conv2D's kernel (3×3) is larger than its input (None, 2, 2, 1)."],
    ['Conv1D', [[null, 10]], {}, 'Conv1D expects (None, steps, channels) but receives (None, 10).'],
    ['MaxPooling2D', [[null, 5, 5]], {}, 'MaxPooling2D expects (None, rows, cols, channels) but receives (None, 5, 5).'],
    ['Reshape', [[null, 10]], { target_shape: [3, 3] }, 'Reshape cannot turn (None, 10) (10 values) into (None, 3, 3) (9 values).'],
    ['Reshape', [[null, null, 3]], { target_shape: [3] }, 'Reshape needs every dimension except the batch to be known'],
    ['GRU', [[null, 16]], {}, 'GRU expects a sequence (None, steps, features) but receives (None, 16).'],
    ['RepeatVector', [[null, 3, 4]], {}, 'RepeatVector expects (None, features) but receives (None, 3, 4).'],
    ['Embedding', [[null, 16]], { input_length: 10 }, "Embedding's input length is 10 but it receives (None, 16)."],
    ['BatchNormalization', [[null, 5]], { axis: 3 }, "BatchNormalization's axis 3 does not fit (None, 5)"],
    [
      'Concatenate',
      [[null, 16, 128], [null, 10, 128]],
      {},
      'Concatenate joins along axis -1, so all other dimensions must match, but the 1st input is (None, 16, 128) and the 2nd is (None, 10, 128).',
    ],
    ['Add', [[null, 4], [null, 4], [null, 5]], {}, 'Add needs inputs of the same shape, but the 1st input is (None, 4) and the 3rd is (None, 5).'],
    ['GlobalMaxPooling2D', [[null, 4, 4]], {}, 'GlobalMaxPooling2D expects (None, rows, cols, channels) but receives (None, 4, 4).'],
    ['TimeDistributed', [[null, 4]], {}, 'TimeDistributed expects a sequence (None, steps, features) but receives (None, 4).'],
  ])('%s on %j', (kind, inputs, params, message) => {
    expect(infer(kind, inputs, params)).toContain(`error: ${message}`);
  });

  it('reports merge errors against the layer with its name through analyzeGraph', () => {
    const graph = layerGraph('Add', {}, [[3], [4]]);
    const issues = analyzeGraph(graph).issues;
    expect(issues).toEqual([
      expect.objectContaining({
        nodeId: 'layer',
        message:
          "Add 'layer': Add needs inputs of the same shape, but the 1st input is (None, 3) and the 2nd is (None, 4). The inputs, in connection order, are 'in0', 'in1'.",
      }),
    ]);
    const one = analyzeGraph(layerGraph('Concatenate', {}, [[3]])).issues;
    expect(one[0]?.message).toContain('needs 2 inputs but has 1 connected');
  });

  it('never throws on odd params or shapes', () => {
    const odd: unknown[] = [undefined, null, 5, 'x', {}, { filters: 0 }, { kernel_size: [0, 3] }, { strides: [] }, { axis: 99 }, { target_shape: [0] }, { units: -1 }, { n: 2.5 }, { input_length: 0 }, { pool_size: 'big' }, { padding: 'full' }];
    const shapes: Shape[] = [[], [null], [null, 4], [null, null], [null, 3, 4], [null, null, 4], [null, 4, null], [null, 2, 2, 3], [null, 1, 1, 1], [null, 2, 3, 4, 5]];
    for (const spec of LAYER_SPECS) {
      for (const raw of odd) {
        const parsed = parseParams(spec.kind, raw);
        const params = parsed.ok ? parsed.params : defaultParams(spec.kind);
        for (const a of shapes) {
          for (const inputs of [[a], [a, a], [a, [null, 4]]]) {
            const result = spec.inferShape(inputs, params);
            if (result.ok) {
              expect(result.shape.every((d) => d === null || (Number.isInteger(d) && d > 0)), spec.kind).toBe(true);
              const count = spec.paramCount?.(inputs, params) ?? 0;
              expect(Number.isInteger(count) && count >= 0, spec.kind).toBe(true);
            } else expect(result.message.length).toBeGreaterThan(10);
          }
        }
        expect(() => spec.toKeras(params, 'x')).not.toThrow();
      }
    }
  });
});

/** The seed's encoder-decoder, as a graph. */
function encoderDecoder(): Graph {
  const nodes = [
    n('Input', 'ja', { shape: [16] }),
    n('Input', 'en', { shape: [16] }),
    n('Embedding', 'ja_embedding', { input_dim: 2500, output_dim: 256 }),
    n('GRU', 'encoder', { units: 128 }),
    n('RepeatVector', 'repeat', { n: 16 }),
    n('Embedding', 'en_embedding', { input_dim: 10000, output_dim: 256 }),
    n('GRU', 'decoder', { units: 128, return_sequences: true }),
    n('TimeDistributed', 'td', { units: 128 }),
    n('Concatenate', 'concat', {}),
    n('GRU', 'gru_out', { units: 256 }),
    n('Dense', 'out', { units: 10000, activation: 'softmax' }),
  ];
  const edges = [
    connect('ja', 'ja_embedding'),
    connect('ja_embedding', 'encoder'),
    connect('encoder', 'repeat'),
    connect('en', 'en_embedding'),
    connect('en_embedding', 'decoder'),
    connect('decoder', 'td'),
    connect('repeat', 'concat'),
    connect('td', 'concat'),
    connect('concat', 'gru_out'),
    connect('gru_out', 'out'),
  ];
  return { nodes, edges };
}

describe('model summary', () => {
  it('the MLP total equals tfjs countParams', async () => {
    const graph = getTemplate('mlp-mnist')!.graph;
    const summary = summarizeModel(graph);
    expect(summary.complete).toBe(true);
    expect(summary.totalParams).toBe(784 * 128 + 128 + 128 * 10 + 10);
    const model = await build(graph);
    expect(summary.totalParams).toBe(model.countParams());
    for (const layer of summary.layers) expect(layer.params, layer.name).toBe(model.getLayer(layer.name).countParams());
    model.dispose();
  });

  it('a CNN: Input 28,28,1 → Conv2D 32 3x3 → MaxPooling2D → Flatten → Dense 10', async () => {
    const graph = chainGraph([
      n('Input', 'img', { shape: [28, 28, 1] }),
      n('Conv2D', 'conv', { filters: 32, kernel_size: [3, 3], activation: 'relu' }),
      n('MaxPooling2D', 'pool'),
      n('Flatten', 'flat'),
      n('Dense', 'out', { units: 10, activation: 'softmax' }),
    ]);
    const summary = summarizeModel(graph);
    expect(summary.layers.map((l) => [l.name, l.outputShape && formatShape(l.outputShape), l.params])).toEqual([
      ['img', '(None, 28, 28, 1)', 0],
      ['conv', '(None, 26, 26, 32)', 320],
      ['pool', '(None, 13, 13, 32)', 0],
      ['flat', '(None, 5408)', 0],
      ['out', '(None, 10)', 54090],
    ]);
    const model = await build(graph);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(summary.totalParams);
    model.dispose();
  });

  it('is incomplete, not throwing, for a broken graph', () => {
    const summary = summarizeModel(chainGraph([n('Input', 'in', { shape: [4] }), n('Conv2D', 'c')]));
    expect(summary.complete).toBe(false);
    expect(summary.layers.find((l) => l.name === 'c')).toMatchObject({ outputShape: null, params: null });
  });
});

describe("the seed's encoder-decoder", () => {
  it('infers the shapes along the way', () => {
    const analysis = analyzeGraph(encoderDecoder());
    expect(analysis.issues).toEqual([]);
    const shape = (id: string) => formatShape(analysis.nodeShapes[id]!);
    expect(shape('ja_embedding')).toBe('(None, 16, 256)');
    expect(shape('encoder')).toBe('(None, 128)');
    expect(shape('repeat')).toBe('(None, 16, 128)');
    expect(shape('decoder')).toBe('(None, 16, 128)');
    expect(shape('td')).toBe('(None, 16, 128)');
    expect(shape('concat')).toBe('(None, 16, 256)');
    expect(shape('gru_out')).toBe('(None, 256)');
    expect(shape('out')).toBe('(None, 10000)');
    expect(analysis.inputs).toEqual(['ja', 'en']);
  });

  it('wires the merge inputs in edge order', () => {
    const graph = encoderDecoder();
    const result = compileGraph(graph);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const concat = result.modelTopology.config.layers.find((l) => l.name === 'concat')!;
    expect(concat.inbound_nodes).toEqual([[['repeat', 0, 0, {}], ['td', 0, 0, {}]]]);
    // Swapping the edges swaps the inputs.
    const swapped = { ...graph, edges: graph.edges.filter((e) => e.target !== 'concat') };
    swapped.edges.push(connect('td', 'concat'), connect('repeat', 'concat'));
    const again = compileGraph(swapped);
    if (!again.ok) throw new Error('expected to compile');
    expect(again.modelTopology.config.layers.find((l) => l.name === 'concat')!.inbound_nodes).toEqual([
      [['td', 0, 0, {}], ['repeat', 0, 0, {}]],
    ]);
  });

  it('builds in tfjs with the same output shape and parameter count', async () => {
    const graph = encoderDecoder();
    const summary = summarizeModel(graph);
    const expected =
      2500 * 256 +
      3 * 128 * (256 + 128 + 1) +
      10000 * 256 +
      3 * 128 * (256 + 128 + 1) +
      (128 * 128 + 128) +
      3 * 256 * (256 + 256 + 1) +
      (256 * 10000 + 10000);
    expect(summary.complete).toBe(true);
    expect(summary.totalParams).toBe(expected);
    const result = compileGraph(graph);
    if (!result.ok) throw new Error('expected to compile');
    // Orthogonal's QR on the pure-JS cpu backend takes minutes for the 256×768
    // recurrent kernel; the small GRU round trips above build it for real, and
    // the initializer does not change the shapes or the parameter count.
    const topology = JSON.parse(JSON.stringify(result.modelTopology).replaceAll('"Orthogonal"', '"GlorotUniform"')) as tf.io.ModelJSON['modelTopology'];
    const model = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON);
    expect(model.inputNames).toEqual(['ja', 'en']);
    expect(model.outputs[0]?.shape).toEqual([null, 10000]);
    expect(model.countParams()).toBe(summary.totalParams);
    model.dispose();
  }, 60_000);
});

describe('Keras 1 per-gate initialisation of fused recurrent kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['GRU', 3],
    ['LSTM', 4],
  ] as const)('%s: each gate block draws from U(±√(6/(f+u))) and has singular values near 1.1', async (kind, gates) => {
    const features = 100;
    const units = 20;
    const compiled = compileGraph(chainGraph([n('Input', 'x', { shape: [140, features] }), n(kind, 'rnn', { units })]));
    if (!compiled.ok) throw new Error('compiles');
    const model = await tf.models.modelFromJSON({ modelTopology: compiled.modelTopology } as unknown as tf.io.ModelJSON);
    const [kernel, recurrent] = model.getLayer('rnn').getWeights();
    const limit = Math.sqrt(6 / (features + units));
    const k = kernel!.arraySync() as number[][];
    for (let g = 0; g < gates; g++) {
      const block = k.flatMap((row) => row.slice(g * units, (g + 1) * units));
      const max = Math.max(...block.map(Math.abs));
      // Uniform over ±limit: the largest of 2,000 draws is within 1% of the limit, never beyond it.
      expect(max).toBeLessThanOrEqual(limit + 1e-6);
      expect(max).toBeGreaterThan(limit * 0.97);
      // Keras 2's fused glorot would cap at √(6/(f+g·u)), well below.
      expect(max).toBeGreaterThan(Math.sqrt(6 / (features + gates * units)) * 1.05);
    }
    // Each recurrent block (u×u): mean squared singular value = ‖B‖²_F / u ≈ 1.1².
    const r = recurrent!.arraySync() as number[][];
    for (let g = 0; g < gates; g++) {
      const frob = r.reduce((sum, row) => sum + row.slice(g * units, (g + 1) * units).reduce((a, v) => a + v * v, 0), 0);
      expect(frob / units).toBeGreaterThan(1.1 ** 2 * 0.6);
      expect(frob / units).toBeLessThan(1.1 ** 2 * 1.4);
    }
    model.dispose();
  });
});
