import { describe, expect, it } from 'vitest';
import { analyzeGraph, type GraphIssue } from './analyze';
import type { Graph, GraphEdge, GraphNode } from './graph';
import { formatShape, type Shape } from './shape';
import { chainGraph, connect, getTemplate, layerNode as n } from './templates';

const mlp = () => getTemplate('mlp-mnist')!.graph;
const graph = (nodes: GraphNode[], edges: GraphEdge[]): Graph => ({ nodes, edges });
const shapes = (g: Graph, targetShapes?: Shape[]) => {
  const a = analyzeGraph(g, { targetShapes });
  return g.edges.map((e) => {
    const shape = a.edgeShapes[e.id];
    return shape ? formatShape(shape) : null;
  });
};
const errorsOf = (issues: GraphIssue[]) => issues.filter((i) => i.severity === 'error');

describe('edge shapes', () => {
  it.each<[string, Graph, (string | null)[]]>([
    ['the MLP template', mlp(), ['(None, 784)', '(None, 128)', '(None, 128)']],
    [
      'Flatten of (None, 28, 28)',
      chainGraph([n('Input', 'in', { shape: [28, 28] }), n('Flatten', 'f'), n('Dense', 'd', { units: 10 })]),
      ['(None, 28, 28)', '(None, 784)'],
    ],
    [
      'TimeDistributed(Dense) on a sequence acts on the last axis',
      chainGraph([n('Input', 'in', { shape: [5, 7] }), n('TimeDistributed', 'd', { units: 3 }), n('Flatten', 'f'), n('Dense', 'o')]),
      ['(None, 5, 7)', '(None, 5, 3)', '(None, 15)'],
    ],
    [
      'images through Flatten, Activation and Dropout',
      chainGraph([
        n('Input', 'in', { shape: [28, 28, 1] }),
        n('Flatten', 'f'),
        n('Activation', 'a', { activation: 'tanh' }),
        n('Dropout', 'do'),
        n('Dense', 'd', { units: 10 }),
      ]),
      ['(None, 28, 28, 1)', '(None, 784)', '(None, 784)', '(None, 784)'],
    ],
    [
      'a branch feeding two heads',
      graph(
        [n('Input', 'in', { shape: [4] }), n('Dense', 'h', { units: 8 }), n('Dense', 'a', { units: 2 }), n('Dense', 'b', { units: 3 })],
        [connect('in', 'h'), connect('h', 'a'), connect('h', 'b')],
      ),
      ['(None, 4)', '(None, 8)', '(None, 8)'],
    ],
    [
      'shapes stop (null) after a broken layer',
      chainGraph([n('Input', 'in'), n('Dense', 'd1', { units: 0 }), n('Dense', 'd2'), n('Dense', 'd3')]),
      ['(None, 784)', null, null],
    ],
  ])('%s', (_name, g, expected) => {
    expect(shapes(g)).toEqual(expected);
  });

  it('gives the node shapes, topological order, inputs and outputs of the MLP', () => {
    const g = mlp();
    g.nodes.reverse(); // order must come from the edges, not the array
    const a = analyzeGraph(g, { targetShapes: [[null, 10]] });
    expect(a.issues).toEqual([]);
    expect(a.order).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2']);
    expect(a.inputs).toEqual(['input_1']);
    expect(a.outputs).toEqual(['dense_2']);
    expect(a.nodeShapes['dense_2']).toEqual([null, 10]);
  });
});

/** Analyses and returns the errors as `nodeId|edgeId: message`. */
function problems(g: Graph, targetShapes?: Shape[]) {
  return errorsOf(analyzeGraph(g, { targetShapes }).issues);
}

describe('validation', () => {
  it('puts an unknown kind on its node', () => {
    const g = chainGraph([n('Input', 'in'), n('Conv9D', 'c'), n('Dense', 'd')]);
    expect(problems(g)).toEqual([
      expect.objectContaining({ nodeId: 'c', message: expect.stringContaining("Conv9D 'c': unknown layer type 'Conv9D'") }),
    ]);
  });

  it('refuses Dense on a sequence or an image, as Keras 1 does, and offers fixes', () => {
    const g = chainGraph([n('Input', 'in', { shape: [10, 12, 12] }), n('Dense', 'd', { units: 4 })]);
    expect(problems(g)).toEqual([
      expect.objectContaining({
        nodeId: 'd',
        message: "Dense 'd': Dense expects (None, features) but receives (None, 10, 12, 12).",
        fixes: [expect.objectContaining({ label: 'Insert Flatten', edgeId: 'in->d' })],
      }),
    ]);
  });

  it('names the bad field', () => {
    const g = chainGraph([n('Input', 'in'), n('Dense', 'dense_1', { units: 0 }), n('Dense', 'dense_2')]);
    expect(problems(g)).toEqual([
      {
        severity: 'error',
        nodeId: 'dense_1',
        field: 'units',
        message: "Dense 'dense_1': Units must be at least 1 (got 0).",
      },
    ]);
  });

  it('marks every node on a cycle and nothing downstream', () => {
    const g = graph(
      [n('Input', 'in'), n('Dense', 'a'), n('Dense', 'b'), n('Dense', 'c'), n('Dense', 'after')],
      [connect('in', 'a'), connect('a', 'b'), connect('b', 'c'), connect('c', 'b'), connect('c', 'after')],
    );
    const errors = problems(g);
    expect(errors.map((e) => e.nodeId).sort()).toEqual(['b', 'c']);
    for (const e of errors) expect(e.message).toMatch(/part of a cycle/);
    expect(errors[0]?.message).toBe(
      "Dense 'b' is part of a cycle with 'c'. Data must flow one way; remove one of the connections in the loop.",
    );
    const a = analyzeGraph(g);
    expect(a.order).toEqual(['in', 'a']);
    expect(a.nodeShapes['after']).toBeNull();
  });

  it('catches a layer connected to itself', () => {
    const g = graph([n('Input', 'in'), n('Dense', 'd')], [connect('in', 'd'), connect('d', 'd')]);
    expect(problems(g)).toEqual([expect.objectContaining({ nodeId: 'd', message: expect.stringMatching(/cycle: it is connected to itself/) })]);
  });

  it('reports an unconnected input on the layer, and no cascade below it', () => {
    const g = graph(
      [n('Input', 'in'), n('Dense', 'd1'), n('Dense', 'd2'), n('Dense', 'd3', { units: 10 })],
      [connect('in', 'd1'), connect('d2', 'd3')],
    );
    expect(problems(g, [[null, 10]])).toEqual([
      expect.objectContaining({ nodeId: 'd2', message: "Dense 'd2' has no input connected. Connect a layer to it." }),
    ]);
  });

  it('reports too many inputs for the arity', () => {
    const g = graph(
      [n('Input', 'a'), n('Input', 'b'), n('Dense', 'd')],
      [connect('a', 'd'), connect('b', 'd')],
    );
    expect(problems(g)).toEqual([
      expect.objectContaining({ nodeId: 'd', message: expect.stringMatching(/has 2 inputs connected but takes only 1/) }),
    ]);
  });

  it('refuses connections into an Input', () => {
    const g = graph([n('Input', 'a'), n('Dense', 'd'), n('Input', 'b')], [connect('a', 'd'), connect('d', 'b')]);
    expect(problems(g).map((e) => [e.nodeId, e.message])).toEqual([
      ['b', expect.stringMatching(/^Input 'b' cannot receive connections/)],
      ['b', expect.stringMatching(/^Input 'b' is not connected to anything/)],
    ]);
  });

  it('reports a connection to a missing layer on the edge', () => {
    const g = mlp();
    g.edges.push(connect('dense_2', 'ghost', 'e-ghost'));
    expect(problems(g)).toEqual([
      expect.objectContaining({ edgeId: 'e-ghost', message: expect.stringMatching(/does not exist \('ghost'\)/) }),
    ]);
    expect(analyzeGraph(g).edgeShapes['e-ghost']).toBeNull();
  });

  it('warns about (and ignores) a duplicate connection', () => {
    const g = mlp();
    g.edges.push(connect('input_1', 'dense_1', 'dup'));
    const a = analyzeGraph(g);
    expect(a.issues).toEqual([expect.objectContaining({ severity: 'warning', edgeId: 'dup' })]);
    expect(a.nodeShapes['dense_2']).toEqual([null, 10]);
  });

  describe('missing output', () => {
    it('an Input that feeds nothing', () => {
      const g = mlp();
      g.nodes.push(n('Input', 'input_2'));
      expect(problems(g)).toEqual([
        expect.objectContaining({ nodeId: 'input_2', message: expect.stringMatching(/Input 'input_2' is not connected to anything/) }),
      ]);
    });

    it('a graph with only Inputs', () => {
      const g = graph([n('Input', 'a'), n('Input', 'b')], []);
      expect(problems(g).map((e) => e.nodeId)).toEqual(['a', 'b']);
    });

    it('a graph with no Input', () => {
      const g = chainGraph([n('Dense', 'd1'), n('Dense', 'd2')]);
      expect(problems(g)).toEqual([
        expect.objectContaining({ nodeId: 'd1', message: expect.stringMatching(/the model has no Input layer yet/) }),
      ]);
    });

    it('an empty graph', () => {
      expect(problems({ nodes: [], edges: [] })).toEqual([
        { severity: 'error', message: 'The model is empty. Add an Input layer to start.' },
      ]);
    });
  });

  it('reports duplicate and invalid layer names on the field', () => {
    const g = chainGraph([n('Input', 'in'), n('Dense', 'd'), n('Dense', 'd2'), n('Dense', 'bad name')]);
    g.nodes[2]!.name = 'd';
    const errors = problems(g);
    expect(errors.map((e) => [e.nodeId, e.field])).toEqual([
      ['d2', 'name'],
      ['bad name', 'name'],
    ]);
    expect(errors[0]?.message).toBe("Dense 'd': another layer is already named 'd'. Layer names must be unique.");
  });

  it('reports a shape error with Keras notation', () => {
    const g = chainGraph([n('Input', 'in'), n('Flatten', 'flatten_1'), n('Dense', 'd')]);
    expect(problems(g)).toEqual([
      expect.objectContaining({
        nodeId: 'flatten_1',
        message: expect.stringContaining("Flatten 'flatten_1': Flatten expects at least (None, a, b) but receives (None, 784)"),
      }),
    ]);
  });

  describe('dataset targets', () => {
    it('accepts a matching output', () => {
      expect(problems(mlp(), [[null, 10]])).toEqual([]);
    });

    it('flags an output shape that does not match the labels, on the units field', () => {
      const g = mlp();
      g.nodes[3]!.params = { units: 12, activation: 'softmax' };
      expect(problems(g, [[null, 10]])).toEqual([
        {
          severity: 'error',
          nodeId: 'dense_2',
          field: 'units',
          message: "Output 'dense_2' produces (None, 12) but the dataset's labels are (None, 10). Set Units to 10.",
        },
      ]);
    });

    it('flags a dangling extra sink, not the real output', () => {
      const g = mlp();
      g.nodes.push(n('Dense', 'dense_3', { units: 5 }));
      g.edges.push(connect('dense_1', 'dense_3'));
      const a = analyzeGraph(g, { targetShapes: [[null, 10]] });
      expect(errorsOf(a.issues)).toEqual([
        expect.objectContaining({
          nodeId: 'dense_3',
          message:
            "Dense 'dense_3': output is not connected to anything, but the dataset has 1 target. Connect it to another layer or delete it.",
        }),
      ]);
      expect(a.outputs).toEqual(['dense_2']);
    });

    it('orders outputs by target', () => {
      const g = graph(
        [n('Input', 'in', { shape: [4] }), n('Dense', 'a', { units: 2 }), n('Dense', 'b', { units: 3 })],
        [connect('in', 'a'), connect('in', 'b')],
      );
      const a = analyzeGraph(g, { targetShapes: [[null, 3], [null, 2]] });
      expect(a.issues).toEqual([]);
      expect(a.outputs).toEqual(['b', 'a']);
    });

    it('flags too few outputs', () => {
      const errors = problems(mlp(), [[null, 10], [null, 1]]);
      expect(errors.map((e) => [e.nodeId, e.message])).toEqual([
        ['dense_2', "Dense 'dense_2': the model has 1 output but the dataset has 2 targets."],
      ]);
    });
  });

  it('never throws on malformed input', () => {
    const bad = [null, 5, {}, { nodes: 'x' }, { nodes: [null, { id: 3 }], edges: [null, { id: 'e' }] }];
    for (const g of bad) expect(() => analyzeGraph(g as unknown as Graph)).not.toThrow();
    const proto = analyzeGraph(chainGraph([n('Input', '__proto__'), n('Dense', 'constructor')]));
    expect(proto.nodeShapes['constructor']).toEqual([null, 128]);
  });
});
