import { describe, expect, it } from 'vitest';
import { analyzeGraph, type GraphIssue } from './analyze';
import { compileGraph } from './compile';
import { applyFix, type GraphFix } from './fixes';
import type { Graph } from './graph';
import { formatShape } from './shape';
import { chainGraph, connect, layerNode as n } from './templates';

function newIdCounter() {
  let count = 0;
  return (prefix: string) => `${prefix}-new-${(count += 1)}`;
}

/** `source>target (shape)` by layer name, for every connection. */
function edgeShapes(graph: Graph): string[] {
  const analysis = analyzeGraph(graph);
  const name = (id: string) => graph.nodes.find((node) => node.id === id)?.name ?? id;
  return graph.edges.map((edge) => {
    const shape = analysis.edgeShapes[edge.id];
    return `${name(edge.source)}>${name(edge.target)} ${shape ? formatShape(shape) : 'unknown'}`;
  });
}

function errorOn(graph: Graph, nodeId: string): GraphIssue | undefined {
  return analyzeGraph(graph).issues.find((issue) => issue.severity === 'error' && issue.nodeId === nodeId);
}

/** Two Inputs `a` and `b` wired, in this order, into a merge named `merge`. */
function mergeGraph(kind: string, first: number[], second: number[]): Graph {
  return {
    nodes: [n('Input', 'a', { shape: first }), n('Input', 'b', { shape: second }), n(kind, 'merge')],
    edges: [connect('a', 'merge'), connect('b', 'merge')],
  };
}

/** The seed's encoder-decoder with the encoder's RepeatVector forgotten. */
function encoderDecoderWithoutRepeat(): Graph {
  return {
    nodes: [
      n('Input', 'ja', { shape: [16] }),
      n('Input', 'en', { shape: [16] }),
      n('Embedding', 'ja_embedding', { input_dim: 50, output_dim: 8 }),
      n('GRU', 'encoder', { units: 12 }),
      n('Embedding', 'en_embedding', { input_dim: 60, output_dim: 8 }),
      n('GRU', 'decoder', { units: 12, return_sequences: true }),
      n('TimeDistributed', 'td', { units: 12 }),
      n('Concatenate', 'concat'),
    ],
    edges: [
      connect('ja', 'ja_embedding'),
      connect('ja_embedding', 'encoder'),
      connect('en', 'en_embedding'),
      connect('en_embedding', 'decoder'),
      connect('decoder', 'td'),
      connect('encoder', 'concat'),
      connect('td', 'concat'),
    ],
  };
}

interface FixCase {
  name: string;
  graph: Graph;
  /** The layer with the shape error. */
  nodeId: string;
  message: string;
  /** Offered fixes, best first, with connections (by layer name) that must appear once the fix is applied. */
  fixes: { label: string; edges: string[] }[];
}

const CASES: FixCase[] = [
  {
    name: 'Dense on an image',
    graph: chainGraph([n('Input', 'in', { shape: [10, 12, 12] }), n('Dense', 'd', { units: 4 })]),
    nodeId: 'd',
    message: "Dense 'd': Dense expects (None, features) but receives (None, 10, 12, 12).",
    fixes: [{ label: 'Insert Flatten', edges: ['in>flatten_1 (None, 10, 12, 12)', 'flatten_1>d (None, 1440)'] }],
  },
  {
    name: 'Dense on a sequence',
    graph: chainGraph([n('Input', 'in', { shape: [5, 7] }), n('Dense', 'd', { units: 4, activation: 'relu' }), n('Dropout', 'out')]),
    nodeId: 'd',
    message: 'Dense expects (None, features) but receives (None, 5, 7).',
    fixes: [
      { label: 'Insert Flatten', edges: ['flatten_1>d (None, 35)', 'd>out (None, 4)'] },
      { label: 'Use TimeDistributed(Dense)', edges: ['in>time_distributed_1 (None, 5, 7)', 'time_distributed_1>out (None, 5, 4)'] },
    ],
  },
  {
    name: 'RepeatVector on a sequence',
    graph: chainGraph([n('Input', 'in', { shape: [3, 4] }), n('RepeatVector', 'r', { n: 2 })]),
    nodeId: 'r',
    message: 'RepeatVector expects (None, features) but receives (None, 3, 4).',
    fixes: [{ label: 'Insert Flatten', edges: ['flatten_1>r (None, 12)'] }],
  },
  {
    name: 'Embedding on a grid of token ids',
    graph: chainGraph([n('Input', 'in', { shape: [4, 4] }), n('Embedding', 'e', { input_dim: 10, output_dim: 3 }), n('Dropout', 'out')]),
    nodeId: 'e',
    message: 'Embedding expects token ids as (None, steps)',
    fixes: [{ label: 'Insert Flatten', edges: ['flatten_1>e (None, 16)', 'e>out (None, 16, 3)'] }],
  },
  {
    name: 'Conv2D on flat MNIST',
    graph: chainGraph([n('Input', 'in', { shape: [784] }), n('Conv2D', 'c'), n('Dropout', 'out')]),
    nodeId: 'c',
    message: 'Conv2D expects (None, rows, cols, channels) but receives (None, 784).',
    fixes: [{ label: 'Insert Reshape to (28, 28, 1)', edges: ['reshape_1>c (None, 28, 28, 1)', 'c>out (None, 26, 26, 32)'] }],
  },
  {
    name: 'Conv2D on flat colour images',
    graph: chainGraph([n('Input', 'in', { shape: [3072] }), n('Conv2D', 'c')]),
    nodeId: 'c',
    message: 'receives (None, 3072)',
    fixes: [{ label: 'Insert Reshape to (32, 32, 3)', edges: ['reshape_1>c (None, 32, 32, 3)'] }],
  },
  {
    name: 'MaxPooling2D on a single-channel grid',
    graph: chainGraph([n('Input', 'in', { shape: [28, 28] }), n('MaxPooling2D', 'p')]),
    nodeId: 'p',
    message: 'MaxPooling2D expects (None, rows, cols, channels) but receives (None, 28, 28).',
    fixes: [{ label: 'Insert Reshape to (28, 28, 1)', edges: ['reshape_1>p (None, 28, 28, 1)'] }],
  },
  {
    name: 'AveragePooling2D on flat input',
    graph: chainGraph([n('Input', 'in', { shape: [16] }), n('AveragePooling2D', 'p')]),
    nodeId: 'p',
    message: 'AveragePooling2D expects',
    fixes: [{ label: 'Insert Reshape to (4, 4, 1)', edges: ['reshape_1>p (None, 4, 4, 1)'] }],
  },
  {
    name: 'GlobalMaxPooling2D on a grid',
    graph: chainGraph([n('Input', 'in', { shape: [4, 5] }), n('GlobalMaxPooling2D', 'g'), n('Dropout', 'out')]),
    nodeId: 'g',
    message: 'GlobalMaxPooling2D expects (None, rows, cols, channels) but receives (None, 4, 5).',
    fixes: [{ label: 'Insert Reshape to (4, 5, 1)', edges: ['reshape_1>g (None, 4, 5, 1)', 'g>out (None, 1)'] }],
  },
  {
    name: 'GRU on a vector',
    graph: chainGraph([n('Input', 'in', { shape: [128] }), n('GRU', 'g', { units: 8 })]),
    nodeId: 'g',
    message: 'GRU expects a sequence (None, steps, features) but receives (None, 128).',
    fixes: [
      { label: 'Insert RepeatVector(16)', edges: ['repeat_vector_1>g (None, 16, 128)'] },
      { label: 'Insert Reshape to (128, 1)', edges: ['reshape_1>g (None, 128, 1)'] },
    ],
  },
  {
    name: 'an LSTM decoder merged with a 10-step sequence repeats 10 times',
    graph: {
      nodes: [
        n('Input', 'a', { shape: [8] }),
        n('LSTM', 'l', { units: 8, return_sequences: true }),
        n('Input', 'b', { shape: [10, 8] }),
        n('Concatenate', 'concat'),
      ],
      edges: [connect('a', 'l'), connect('l', 'concat'), connect('b', 'concat')],
    },
    nodeId: 'l',
    message: 'LSTM expects a sequence',
    fixes: [
      { label: 'Insert RepeatVector(10)', edges: ['repeat_vector_1>l (None, 10, 8)', 'l>concat (None, 10, 8)'] },
      { label: 'Insert Reshape to (8, 1)', edges: ['reshape_1>l (None, 8, 1)'] },
    ],
  },
  {
    name: 'SimpleRNN on an image reads one row per step',
    graph: chainGraph([n('Input', 'in', { shape: [28, 28, 1] }), n('SimpleRNN', 's', { units: 4 })]),
    nodeId: 's',
    message: 'SimpleRNN expects a sequence',
    fixes: [{ label: 'Insert Reshape to (28, 28)', edges: ['reshape_1>s (None, 28, 28)'] }],
  },
  {
    name: 'TimeDistributed on a vector',
    graph: chainGraph([n('Input', 'in', { shape: [4] }), n('TimeDistributed', 't', { units: 2 })]),
    nodeId: 't',
    message: 'TimeDistributed expects a sequence (None, steps, features) but receives (None, 4).',
    fixes: [
      { label: 'Insert RepeatVector(16)', edges: ['repeat_vector_1>t (None, 16, 4)'] },
      { label: 'Insert Reshape to (4, 1)', edges: ['reshape_1>t (None, 4, 1)'] },
    ],
  },
  {
    name: 'Conv1D on a vector (no RepeatVector: a convolution over copies is pointless)',
    graph: chainGraph([n('Input', 'in', { shape: [20] }), n('Conv1D', 'c', { filters: 2 })]),
    nodeId: 'c',
    message: 'Conv1D expects (None, steps, channels) but receives (None, 20).',
    fixes: [{ label: 'Insert Reshape to (20, 1)', edges: ['reshape_1>c (None, 20, 1)'] }],
  },
  {
    name: 'Conv1D on an image',
    graph: chainGraph([n('Input', 'in', { shape: [6, 6, 2] }), n('Conv1D', 'c', { filters: 2 })]),
    nodeId: 'c',
    message: 'receives (None, 6, 6, 2)',
    fixes: [{ label: 'Insert Reshape to (6, 12)', edges: ['reshape_1>c (None, 6, 12)'] }],
  },
  {
    name: 'GlobalAveragePooling1D on a vector',
    graph: chainGraph([n('Input', 'in', { shape: [10] }), n('GlobalAveragePooling1D', 'g')]),
    nodeId: 'g',
    message: 'GlobalAveragePooling1D expects (None, steps, features) but receives (None, 10).',
    fixes: [{ label: 'Insert Reshape to (10, 1)', edges: ['reshape_1>g (None, 10, 1)'] }],
  },
  {
    name: 'Concatenate of an encoding and a sequence: repeat the encoding',
    graph: encoderDecoderWithoutRepeat(),
    nodeId: 'concat',
    message: "the 1st input is (None, 12) and the 2nd is (None, 16, 12). The inputs, in connection order, are 'encoder', 'td'.",
    fixes: [{ label: 'Insert RepeatVector(16)', edges: ['encoder>repeat_vector_1 (None, 12)', 'repeat_vector_1>concat (None, 16, 12)'] }],
  },
  {
    name: 'Add of a sequence and a vector: repeat the vector',
    graph: mergeGraph('Add', [16, 8], [8]),
    nodeId: 'merge',
    message: 'Add needs inputs of the same shape',
    fixes: [{ label: 'Insert RepeatVector(16)', edges: ['repeat_vector_1>merge (None, 16, 8)', 'a>merge (None, 16, 8)'] }],
  },
  {
    name: 'Concatenate of an image and a vector: flatten the image',
    graph: mergeGraph('Concatenate', [4, 4, 2], [3]),
    nodeId: 'merge',
    message: 'Concatenate joins along axis -1',
    fixes: [{ label: 'Insert Flatten', edges: ['flatten_1>merge (None, 32)', 'b>merge (None, 3)'] }],
  },
];

/** Shape errors with no fix that would remove them. */
const NO_FIX: [string, Graph, string][] = [
  ['Add of vectors of different sizes', mergeGraph('Add', [4], [5]), 'merge'],
  ['Conv2D on a vector that is no square image', chainGraph([n('Input', 'in', { shape: [10] }), n('Conv2D', 'c')]), 'c'],
  // (2, 2, 1) would be a square image, but the 3×3 kernel does not fit it: the check drops the fix.
  ['Conv2D on a vector too small for its kernel', chainGraph([n('Input', 'in', { shape: [4] }), n('Conv2D', 'c')]), 'c'],
  ['Flatten on a vector', chainGraph([n('Input', 'in', { shape: [4] }), n('Flatten', 'f')]), 'f'],
  [
    'Concatenate of two vectors and a sequence (one insert cannot fix both)',
    {
      nodes: [n('Input', 'a', { shape: [3] }), n('Input', 'b', { shape: [5, 3] }), n('Input', 'c', { shape: [3] }), n('Concatenate', 'merge')],
      edges: [connect('a', 'merge'), connect('b', 'merge'), connect('c', 'merge')],
    },
    'merge',
  ],
];

describe('fix suggestions', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, { graph, nodeId, message, fixes }) => {
    const issue = errorOn(graph, nodeId);
    expect(issue?.message).toContain(message);
    expect(issue?.fixes?.map((fix) => fix.label)).toEqual(fixes.map((fix) => fix.label));
    issue?.fixes?.forEach((fix, i) => {
      const applied = applyFix(graph, fix, newIdCounter());
      if (!applied.ok) throw new Error(applied.message);
      expect(errorOn(applied.graph, nodeId), fix.label).toBeUndefined();
      expect(analyzeGraph(applied.graph).nodeShapes[nodeId], fix.label).not.toBeNull();
      expect(edgeShapes(applied.graph), fix.label).toEqual(expect.arrayContaining(fixes[i]!.edges));
    });
  });

  it.each(NO_FIX)('offers none for %s', (_name, graph, nodeId) => {
    const issue = errorOn(graph, nodeId);
    expect(issue).toBeDefined();
    expect(issue?.fixes).toBeUndefined();
  });

  it('puts an insert on the connection of the branch to change and a replace on the layer', () => {
    const merge = errorOn(encoderDecoderWithoutRepeat(), 'concat')!;
    expect(merge.fixes).toEqual([
      { type: 'insert', label: 'Insert RepeatVector(16)', edgeId: 'encoder->concat', layer: { kind: 'RepeatVector', params: { n: 16 } } },
    ]);
    const dense = errorOn(chainGraph([n('Input', 'in', { shape: [5, 7] }), n('Dense', 'd', { units: 3, activation: 'tanh' })]), 'd')!;
    expect(dense.fixes?.[1]).toEqual({
      type: 'replace',
      label: 'Use TimeDistributed(Dense)',
      nodeId: 'd',
      layer: { kind: 'TimeDistributed', params: { units: 3, activation: 'tanh' } },
    });
    const reshape = errorOn(chainGraph([n('Input', 'in', { shape: [784] }), n('Conv2D', 'c')]), 'c')!;
    expect(reshape.fixes?.[0]?.layer).toEqual({ kind: 'Reshape', params: { target_shape: [28, 28, 1] } });
  });

});

describe('applyFix', () => {
  it('keeps the merge input order: the inserted layer takes the place of the branch it is on', () => {
    const graph = encoderDecoderWithoutRepeat();
    const fix = errorOn(graph, 'concat')!.fixes![0]!;
    const applied = applyFix(graph, fix, newIdCounter());
    if (!applied.ok) throw new Error(applied.message);
    const repeat = applied.graph.nodes.find((node) => node.id === applied.nodeId)!;
    expect(repeat).toMatchObject({ kind: 'RepeatVector', name: 'repeat_vector_1', params: { n: 16 } });
    expect(applied.graph.edges.filter((edge) => edge.target === 'concat').map((edge) => edge.source)).toEqual([repeat.id, 'td']);
    const compiled = compileGraph(applied.graph);
    if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.message).join('; '));
    const concat = compiled.modelTopology.config.layers.find((layer) => layer.name === 'concat')!;
    expect(concat.inbound_nodes).toEqual([[['repeat_vector_1', 0, 0, {}], ['td', 0, 0, {}]]]);
  });

  it('replaces a layer in place: same id and connections, a fresh name', () => {
    const graph = chainGraph([n('Input', 'in', { shape: [5, 7] }), n('Dense', 'd', { units: 3 }), n('Dropout', 'out')]);
    const fix = errorOn(graph, 'd')!.fixes![1]!;
    const applied = applyFix(graph, fix, newIdCounter());
    if (!applied.ok) throw new Error(applied.message);
    expect(applied.nodeId).toBe('d');
    expect(applied.graph.edges).toEqual(graph.edges);
    expect(applied.graph.nodes[1]).toMatchObject({ id: 'd', kind: 'TimeDistributed', name: 'time_distributed_1', params: { units: 3 } });
  });

  it('does not change the graph it is given', () => {
    const graph = chainGraph([n('Input', 'in', { shape: [784] }), n('Conv2D', 'c')]);
    const before = JSON.stringify(graph);
    const fix = errorOn(graph, 'c')!.fixes![0]!;
    expect(applyFix(graph, fix, newIdCounter()).ok).toBe(true);
    expect(JSON.stringify(graph)).toBe(before);
  });

  it.each<[string, GraphFix, string]>([
    [
      'a connection that was deleted',
      { type: 'insert', label: 'Insert Flatten', edgeId: 'gone', layer: { kind: 'Flatten', params: {} } },
      'The connection this fix was for no longer exists.',
    ],
    [
      'a connection whose layer was deleted',
      { type: 'insert', label: 'Insert Flatten', edgeId: 'ghost->d', layer: { kind: 'Flatten', params: {} } },
      'The connection this fix was for no longer exists.',
    ],
    [
      'a layer that was deleted',
      { type: 'replace', label: 'Use TimeDistributed(Dense)', nodeId: 'gone', layer: { kind: 'TimeDistributed', params: {} } },
      'The layer this fix was for no longer exists.',
    ],
    [
      'an unknown layer kind',
      { type: 'insert', label: 'Insert Conv9D', edgeId: 'in->d', layer: { kind: 'Conv9D', params: {} } },
      "Unknown layer type 'Conv9D'.",
    ],
  ])('fails cleanly for %s', (_name, fix, message) => {
    const graph = chainGraph([n('Input', 'in', { shape: [5, 7] }), n('Dense', 'd')]);
    graph.edges.push(connect('ghost', 'd'));
    expect(applyFix(graph, fix, newIdCounter())).toEqual({ ok: false, message });
  });
});
