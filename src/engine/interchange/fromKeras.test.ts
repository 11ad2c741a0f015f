import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../templates';
import { planTraining } from '../trainingPlan';
import { kerasJsonToGraph } from './fromKerasGraph';
import { graphStructure } from './graphStructure';
import { KERAS1_RENAMES, renameKeras1Layer } from './fromKerasKeras1';
import { importKerasLayer } from './fromKerasLayers';

const structure = graphStructure;

describe('round trip: template → Keras topology → import', () => {
  for (const template of TEMPLATES) {
    it(`gives back ${template.id} unchanged`, () => {
      const planned = planTraining(template.graph, template.training);
      if (!planned.ok) throw new Error(planned.issues.map((i) => i.message).join('; '));
      const imported = kerasJsonToGraph(JSON.parse(JSON.stringify(planned.plan.modelTopology)));
      expect(imported.problems).toEqual([]);
      const want = structure(template.graph);
      const got = structure(imported.graph);
      expect(got.nodes).toEqual(want.nodes);
      expect(new Set(got.edges)).toEqual(new Set(want.edges));
    });
  }
});

describe('Keras 1 names', () => {
  it('has one entry per Keras 1 name and layer scope, each mapping to a Keras 2 name', () => {
    const scopes = KERAS1_RENAMES.map((r) => `${r.keras1}:${(r.layers ?? []).join(',')}:${(r.except ?? []).join(',')}`);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it.each([
    ['Dense', { output_dim: 10, init: 'glorot_uniform', W_regularizer: null, bias: false }, 'Dense', { units: 10, kernel_initializer: 'glorot_uniform', kernel_regularizer: null, use_bias: false }],
    ['Convolution2D', { nb_filter: 32, nb_row: 3, nb_col: 5, border_mode: 'same', subsample: [2, 2], dim_ordering: 'tf' }, 'Conv2D', { filters: 32, kernel_size: [3, 5], padding: 'same', strides: [2, 2], data_format: 'channels_last' }],
    ['Convolution1D', { nb_filter: 8, filter_length: 5, subsample_length: 2 }, 'Conv1D', { filters: 8, kernel_size: [5], strides: [2] }],
    ['Embedding', { input_dim: 500, output_dim: 16, init: 'uniform', W_regularizer: null }, 'Embedding', { input_dim: 500, output_dim: 16, embeddings_initializer: 'uniform', embeddings_regularizer: null }],
    ['GRU', { output_dim: 128, inner_activation: 'hard_sigmoid', inner_init: 'orthogonal', dropout_W: 0, dropout_U: 0 }, 'GRU', { units: 128, recurrent_activation: 'hard_sigmoid', recurrent_initializer: 'orthogonal', dropout: 0, recurrent_dropout: 0 }],
    ['Dropout', { p: 0.25 }, 'Dropout', { rate: 0.25 }],
    ['Merge', { mode: 'concat', concat_axis: -1 }, 'Concatenate', { mode: 'concat', axis: -1 }],
    ['Merge', { mode: 'sum' }, 'Add', { mode: 'sum' }],
  ])('renames %s %j', (className, config, wantClass, wantConfig) => {
    expect(renameKeras1Layer(className, config)).toEqual({ className: wantClass, config: wantConfig });
  });

  it('reads the tutorial CNN (Keras 1 Sequential) with Theano dim ordering reported', () => {
    const { graph, problems } = kerasJsonToGraph({
      class_name: 'Sequential',
      config: [
        { class_name: 'Convolution2D', config: { name: 'convolution2d_1', nb_filter: 10, nb_row: 3, nb_col: 3, border_mode: 'valid', dim_ordering: 'th', batch_input_shape: [null, 1, 28, 28], activation: 'linear' } },
        { class_name: 'Activation', config: { name: 'activation_1', activation: 'relu' } },
        { class_name: 'MaxPooling2D', config: { name: 'maxpooling2d_1', pool_size: [2, 2], strides: [2, 2], border_mode: 'valid', dim_ordering: 'th' } },
        { class_name: 'Flatten', config: { name: 'flatten_1' } },
        { class_name: 'Dense', config: { name: 'dense_1', output_dim: 10, init: 'glorot_uniform', activation: 'softmax' } },
      ],
    });
    expect(graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'Activation', 'MaxPooling2D', 'Flatten', 'Dense']);
    expect(graph.nodes[0]).toMatchObject({ name: 'convolution2d_1_input', params: { shape: [1, 28, 28] } });
    expect(graph.nodes[1]!.params).toMatchObject({ filters: 10, kernel_size: [3, 3], padding: 'valid' });
    expect(graph.nodes[3]!.params).toMatchObject({ pool_size: [2, 2], strides: null });
    expect(graph.nodes[5]!.params).toMatchObject({ units: 10, activation: 'softmax' });
    expect(problems).toEqual([
      `Layer 'convolution2d_1' (Conv2D): LayerLab has no setting data_format = "channels_first"; it was ignored.`,
      `Layer 'maxpooling2d_1' (MaxPooling2D): LayerLab has no setting data_format = "channels_first"; it was ignored.`,
    ]);
    // Laid out top to bottom, one row per layer.
    expect(new Set(graph.nodes.map((n) => n.position.y)).size).toBe(6);
  });

  it('reads a Keras 1 functional Merge as Concatenate', () => {
    const { graph, problems } = kerasJsonToGraph({
      class_name: 'Model',
      config: {
        layers: [
          { name: 'a', class_name: 'InputLayer', config: { batch_input_shape: [null, 4] }, inbound_nodes: [] },
          { name: 'b', class_name: 'InputLayer', config: { batch_input_shape: [null, 6] }, inbound_nodes: [] },
          { name: 'm', class_name: 'Merge', config: { mode: 'concat', concat_axis: -1 }, inbound_nodes: [[['a', 0, 0], ['b', 0, 0]]] },
        ],
      },
    });
    expect(problems).toEqual([]);
    expect(graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Input', 'Concatenate']);
    expect(graph.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['a->m', 'b->m']);
  });
});

describe('layers LayerLab lacks', () => {
  it('reports them by name and config and bridges a single-input one', () => {
    const { graph, problems } = kerasJsonToGraph({
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8] } },
          { class_name: 'LayerNormalization', config: { name: 'norm', epsilon: 0.001 } },
          { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'gelu', kernel_regularizer: { class_name: 'L2', config: { l2: 0.01 } } } },
        ],
      },
    });
    expect(graph.nodes.map((n) => n.name)).toEqual(['in', 'out']);
    expect(graph.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['in->out']);
    expect(problems[0]).toBe(`Layer 'norm' (LayerNormalization) has no LayerLab equivalent and was left out. Its Keras config: {"name":"norm","epsilon":0.001}`);
    expect(problems[1]).toBe(`Layer 'norm' was bridged: what followed it now takes its input.`);
    expect(problems[2]).toContain(`Layer 'out' (Dense): LayerLab has no setting kernel_regularizer`);
    expect(problems[3]).toMatch(/^Layer 'out' \(Dense\): Activation must be one of: .* \(got "gelu"\); the default was used\.$/);
  });

  it('reports a TimeDistributed around anything but Dense', () => {
    const result = importKerasLayer('td', 'TimeDistributed', { layer: { class_name: 'Conv2D', config: {} } });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain(`Layer 'td' (TimeDistributed(Conv2D)) has no LayerLab equivalent`);
  });
});

describe('canonical params after import', () => {
  const model = (axis: unknown) => ({
    class_name: 'Functional',
    config: {
      name: 'm',
      layers: [
        { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 4, 4, 2] }, inbound_nodes: [] },
        { class_name: 'BatchNormalization', name: 'bn', config: { name: 'bn', axis }, inbound_nodes: [[['x', 0, 0, {}]]] },
      ],
      input_layers: [['x', 0, 0]],
      output_layers: [['bn', 0, 0]],
    },
  });
  const bnAxis = (axis: unknown) => kerasJsonToGraph(model(axis)).graph.nodes.find((n) => n.name === 'bn')!.params.axis;

  it("reads TF 2's saved BatchNormalization axis [3] on a 4-D input as -1, the same axis as LayerLab writes it", () => {
    expect(bnAxis([3])).toBe(-1);
    expect(bnAxis(-1)).toBe(-1);
  });

  it('keeps any other axis as saved', () => {
    expect(bnAxis([1])).toBe(1);
  });
});
