import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from './analyze';
import { compileGraph, type KerasModelTopology } from './compile';
import type { Graph } from './graph';
import { ACTIVATIONS } from './layers/params';
import { defaultParams, LAYER_SPECS } from './layers/registry';
import { summarizeModel } from './summary';
import { chainGraph, connect, getTemplate, layerNode as n } from './templates';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function compileOk(graph: Graph): { topology: KerasModelTopology; inputNames: string[]; outputNames: string[] } {
  const result = compileGraph(graph);
  if (!result.ok) throw new Error(`expected to compile: ${result.issues.map((i) => i.message).join('; ')}`);
  return { topology: result.modelTopology, inputNames: result.inputNames, outputNames: result.outputNames };
}

async function build(graph: Graph): Promise<tf.LayersModel> {
  const { topology } = compileOk(graph);
  // JSON round trip: the topology travels to the trainer as JSON.
  const modelTopology = JSON.parse(JSON.stringify(topology)) as tf.io.ModelJSON['modelTopology'];
  return tf.models.modelFromJSON({ modelTopology } as tf.io.ModelJSON);
}

const mlp = () => getTemplate('mlp-mnist')!.graph;

describe('compileGraph', () => {
  it('writes a Keras functional model in topological order', () => {
    const g = mlp();
    g.nodes.reverse();
    const { topology, inputNames, outputNames } = compileOk(g);
    expect(topology.class_name).toBe('Model');
    expect(topology.config.layers.map((l) => [l.class_name, l.name])).toEqual([
      ['InputLayer', 'input_1'],
      ['Dense', 'dense_1'],
      ['Dropout', 'dropout_1'],
      ['Dense', 'dense_2'],
    ]);
    expect(topology.config.layers[1]?.inbound_nodes).toEqual([[['input_1', 0, 0, {}]]]);
    expect(topology.config.input_layers).toEqual([['input_1', 0, 0]]);
    expect(topology.config.output_layers).toEqual([['dense_2', 0, 0]]);
    expect(inputNames).toEqual(['input_1']);
    expect(outputNames).toEqual(['dense_2']);
  });

  it('returns the analysis errors instead of throwing', () => {
    const g = chainGraph([n('Input', 'in'), n('Dense', 'd', { units: 0 })]);
    const result = compileGraph(g);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ nodeId: 'd', field: 'units' })]);
  });

  it('compiles despite warnings only', () => {
    const g = mlp();
    g.edges.push(connect('input_1', 'dense_1', 'dup'));
    expect(compileGraph(g).ok).toBe(true);
  });
});

describe('building with @tensorflow/tfjs', () => {
  it('builds the MLP template with the inferred shapes and parameter count', async () => {
    const model = await build(mlp());
    expect(model.outputs[0]?.shape).toEqual(analyzeGraph(mlp()).nodeShapes['dense_2']);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(model.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Dense', 'Dropout', 'Dense']);
    const out = model.predict(tf.zeros([2, 784])) as tf.Tensor;
    expect(out.shape).toEqual([2, 10]);
    expect(Array.from(await out.sum(1).data()).map((v) => Number(v.toFixed(4)))).toEqual([1, 1]);
    out.dispose();
    model.dispose();
  });

  it('uses glorot uniform kernels and zero biases, like Keras', async () => {
    const model = await build(mlp());
    const config = model.getLayer('dense_1').getConfig();
    expect(config.kernelInitializer).toEqual({
      className: 'VarianceScaling',
      config: { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: null },
    });
    expect(config.biasInitializer).toEqual({ className: 'Zeros', config: {} });
    model.dispose();
  });

  const variations: [string, Graph, number][] = [
    [
      'images through Flatten',
      chainGraph([
        n('Input', 'in', { shape: [28, 28, 1] }),
        n('Flatten', 'flat'),
        n('Dense', 'hidden', { units: 32, activation: 'hard_sigmoid' }),
        n('Activation', 'act', { activation: 'softsign' }),
        n('Dense', 'out', { units: 10, activation: 'softmax', use_bias: false }),
      ]),
      784 * 32 + 32 + 32 * 10,
    ],
    [
      'TimeDistributed(Dense) on a sequence',
      chainGraph([n('Input', 'in', { shape: [5, 7] }), n('TimeDistributed', 'd', { units: 3, activation: 'selu' })]),
      7 * 3 + 3,
    ],
    [
      'two heads',
      {
        nodes: [n('Input', 'in', { shape: [4] }), n('Dense', 'h', { units: 8 }), n('Dense', 'a', { units: 2 }), n('Dense', 'b', { units: 3 })],
        edges: [connect('in', 'h'), connect('h', 'a'), connect('h', 'b')],
      },
      4 * 8 + 8 + 8 * 2 + 2 + 8 * 3 + 3,
    ],
    [
      'two inputs, two outputs',
      {
        nodes: [n('Input', 'x1', { shape: [3] }), n('Input', 'x2', { shape: [2, 2] }), n('Dense', 'a', { units: 1 }), n('Flatten', 'f')],
        edges: [connect('x1', 'a'), connect('x2', 'f')],
      },
      3 + 1,
    ],
  ];

  it.each(variations)('%s: real output shapes equal the inferred ones', async (_name, graph, params) => {
    const { outputNames, inputNames } = compileOk(graph);
    const analysis = analyzeGraph(graph);
    const model = await build(graph);
    expect(model.inputNames).toEqual(inputNames);
    expect(model.outputNames).toEqual(outputNames);
    expect(model.outputs.map((o) => o.shape)).toEqual(analysis.outputs.map((id) => analysis.nodeShapes[id]));
    expect(model.countParams()).toBe(params);
    model.dispose();
  });

  it.each(ACTIVATIONS.map((a) => [a]))('tfjs knows the activation %s', async (activation) => {
    const model = await build(chainGraph([n('Input', 'in', { shape: [3] }), n('Dense', 'd', { units: 2, activation })]));
    const out = tf.tidy(() => (model.predict(tf.tensor2d([[-1, 0, 2]])) as tf.Tensor).dataSync());
    expect(out).toHaveLength(2);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    model.dispose();
  });

  describe.each(LAYER_SPECS.filter((s) => s.kind !== 'Input').map((s) => [s.kind, s.arity.min] as const))(
    '%s after its Input(s)',
    (kind, minInputs) => {
      it.each([[[12]], [[6, 4]], [[3, 4, 2]]])('round trip with feature shape %j', async (shape) => {
        // Merges get as many identical Inputs as they need, wired in order.
        const inputs = Array.from({ length: Math.max(1, minInputs) }, (_, i) => n('Input', `in${i}`, { shape }));
        // 16 units instead of the default 128 keeps the recurrent kernels small: tfjs'
        // Orthogonal initialiser runs a QR that takes seconds on the pure-JS cpu backend.
        const params = defaultParams(kind);
        if ('units' in params) params.units = 16;
        const graph: Graph = {
          nodes: [...inputs, n(kind, 'layer', params)],
          edges: inputs.map((input) => connect(input.id, 'layer')),
        };
        const analysis = analyzeGraph(graph);
        const inferred = analysis.nodeShapes['layer'];
        if (inferred === null) {
          // The layer itself rejects this rank, in words that name it.
          expect(analysis.issues).toEqual([
            expect.objectContaining({ nodeId: 'layer', message: expect.stringContaining(`: ${kind} `) }),
          ]);
          if (kind === 'Flatten') {
            // tfjs' own restriction: Flatten needs a rank >= 3 input.
            expect(shape.length).toBe(1);
            await expect(tf.models.modelFromJSON(JSON.parse(JSON.stringify(flattenUnchecked(shape))))).rejects.toThrow();
          }
          return;
        }
        const model = await build(graph);
        expect(model.outputs[0]?.shape).toEqual(inferred);
        expect(model.countParams()).toBe(summarizeModel(graph).totalParams);
        model.dispose();
      });
    },
  );
});

/** What a (None, n) Flatten would compile to if the analysis allowed it, to confirm tfjs rejects it. */
function flattenUnchecked(shape: number[]) {
  const ok = compileOk(chainGraph([n('Input', 'in', { shape: [...shape, 1] }), n('Flatten', 'layer')])).topology;
  const input = ok.config.layers[0]!;
  input.config.batch_input_shape = [null, ...shape];
  return { modelTopology: ok };
}
