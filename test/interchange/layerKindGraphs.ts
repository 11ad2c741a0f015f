import type { Graph, GraphNode } from '../../src/engine/graph';
import { LAYER_SPECS } from '../../src/engine/layers/registry';
import { chainEdges, chainGraph, layerNode } from '../../src/engine/templates/build';

/**
 * Small networks that between them use every layer kind, most with settings
 * other than the defaults (strides, padding, gate activations, sequences
 * returned), for the Keras round trip: the templates alone leave out Conv1D,
 * BatchNormalization, SimpleRNN, the pooling variants and Add. Shared by
 * test/interchange/roundTrip.test.ts and `npm run bench:interchange`.
 */
export interface LayerKindGraph {
  id: string;
  graph: Graph;
}

/** Branches from one input, joined: each branch is a chain from `input` into `join`; `tail` follows the join. */
function branchedGraph(input: GraphNode, branches: GraphNode[][], join: GraphNode, tail: GraphNode[]): Graph {
  const nodes = [input, ...branches.flat(), join, ...tail];
  const edges = [
    ...branches.flatMap((branch) => chainEdges(input.id, ...branch.map((n) => n.id), join.id)),
    ...chainEdges(join.id, ...tail.map((n) => n.id)),
  ];
  return { nodes, edges };
}

export const LAYER_KIND_GRAPHS: readonly LayerKindGraph[] = [
  {
    // Conv1D (strided, same padding) → BatchNormalization → global max pooling, beside the input's global average.
    id: 'kinds-conv1d',
    graph: branchedGraph(
      layerNode('Input', 'input_1', { shape: [12, 5] }),
      [
        [
          layerNode('Conv1D', 'conv1d_1', { filters: 4, kernel_size: 3, strides: 2, padding: 'same', activation: 'relu' }),
          layerNode('BatchNormalization', 'batch_normalization_1', { axis: -1, momentum: 0.9, epsilon: 0.01 }),
          layerNode('GlobalMaxPooling1D', 'global_max_pooling1d_1'),
        ],
        [layerNode('GlobalAveragePooling1D', 'global_average_pooling1d_1')],
      ],
      layerNode('Concatenate', 'concatenate_1', { axis: -1 }),
      [layerNode('Dense', 'dense_1', { units: 3, activation: 'softmax' })],
    ),
  },
  {
    // Conv2D → average and max pooling → a flattened branch and a globally pooled one, added, then an Activation.
    id: 'kinds-conv2d',
    graph: branchedGraph(
      layerNode('Input', 'input_1', { shape: [8, 8, 2] }),
      [
        [
          layerNode('Conv2D', 'conv2d_1', { filters: 3, kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu' }),
          layerNode('AveragePooling2D', 'average_pooling2d_1', { pool_size: [2, 2] }),
          layerNode('BatchNormalization', 'batch_normalization_1', { axis: -1 }),
          layerNode('GlobalMaxPooling2D', 'global_max_pooling2d_1'),
          layerNode('Dense', 'dense_1', { units: 4, activation: 'tanh' }),
        ],
        [
          layerNode('MaxPooling2D', 'max_pooling2d_1', { pool_size: [3, 3], strides: [2, 2], padding: 'valid' }),
          layerNode('Flatten', 'flatten_1'),
          layerNode('Dense', 'dense_2', { units: 4, activation: 'linear', use_bias: false }),
        ],
      ],
      layerNode('Add', 'add_1'),
      [layerNode('Activation', 'activation_1', { activation: 'softmax' })],
    ),
  },
  {
    // Every recurrent kind stacked on an Embedding, with Keras 2's sigmoid gates on the LSTM.
    id: 'kinds-recurrent',
    graph: chainGraph([
      layerNode('Input', 'input_1', { shape: [6] }),
      layerNode('Embedding', 'embedding_1', { input_dim: 20, output_dim: 8, input_length: 6 }),
      layerNode('SimpleRNN', 'simple_rnn_1', { units: 5, activation: 'tanh', return_sequences: true }),
      layerNode('LSTM', 'lstm_1', { units: 4, recurrent_activation: 'sigmoid', return_sequences: true }),
      layerNode('GRU', 'gru_1', { units: 3, recurrent_activation: 'hard_sigmoid', return_sequences: false }),
      layerNode('Dropout', 'dropout_1', { rate: 0.3 }),
      layerNode('Dense', 'dense_1', { units: 1, activation: 'sigmoid' }),
    ]),
  },
  {
    // Reshape into steps, TimeDistributed, a GRU summary repeated, an LSTM over the repeats, flattened back.
    id: 'kinds-sequence',
    graph: chainGraph([
      layerNode('Input', 'input_1', { shape: [12] }),
      layerNode('Reshape', 'reshape_1', { target_shape: [4, 3] }),
      layerNode('TimeDistributed', 'time_distributed_1', { units: 5, activation: 'tanh' }),
      layerNode('GRU', 'gru_1', { units: 4, recurrent_activation: 'sigmoid' }),
      layerNode('RepeatVector', 'repeat_vector_1', { n: 3 }),
      layerNode('LSTM', 'lstm_1', { units: 2, return_sequences: true }),
      layerNode('Reshape', 'reshape_2', { target_shape: [6] }),
      layerNode('Dense', 'dense_1', { units: 2, activation: 'softmax' }),
    ]),
  },
  {
    // Branches of unequal length: Keras orders its layers by depth (input_1, dense_b, dense_a, dense_c, …), not as the
    // config lists them, and pairs weights by that order; dense_a and dense_b differ in shape, so a mix-up shows.
    id: 'kinds-order',
    graph: branchedGraph(
      layerNode('Input', 'input_1', { shape: [6] }),
      [
        [layerNode('Dense', 'dense_a', { units: 3, activation: 'tanh' })],
        [layerNode('Dense', 'dense_b', { units: 5, activation: 'relu' }), layerNode('Dense', 'dense_c', { units: 3 })],
      ],
      layerNode('Add', 'add_1'),
      [layerNode('Dense', 'dense_out', { units: 2, activation: 'softmax' })],
    ),
  },
];

/** The layer kinds no graph above uses: must stay empty as kinds are added. */
export function uncoveredLayerKinds(): string[] {
  const used = new Set(LAYER_KIND_GRAPHS.flatMap((c) => c.graph.nodes.map((n) => n.kind)));
  return LAYER_SPECS.map((s) => s.kind).filter((kind) => !used.has(kind));
}
