import { describe, expect, it } from 'vitest';
import type { KerasLayerJson, KerasModelTopology } from '../compile';
import { OPTIMIZER_STATE_PREFIX, weightsByteLength, type StoredWeights, type WeightSpec } from '../project/weights';
import { kerasV3WeightGroups, kerasWeightLayout, layoutParamCount } from './kerasWeights';

const layer = (name: string, class_name: string): KerasLayerJson => ({ name, class_name, config: {}, inbound_nodes: [] });

function topology(layers: KerasLayerJson[]): KerasModelTopology {
  return { class_name: 'Model', config: { name: 'm', layers, input_layers: [], output_layers: [] }, keras_version: 'x', backend: 'y' };
}

function stored(specs: [string, number[]][]): StoredWeights {
  const weightSpecs: WeightSpec[] = specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' }));
  return { specs: weightSpecs, data: new Uint8Array(weightsByteLength(weightSpecs)) };
}

describe('kerasWeightLayout', () => {
  it('names weights as Keras does and lists every layer, weightless ones without weights', () => {
    const model = topology([layer('input_1', 'InputLayer'), layer('dense', 'Dense'), layer('drop', 'Dropout'), layer('dense_1', 'Dense')]);
    const layout = kerasWeightLayout(model, stored([['dense/kernel', [4, 3]], ['dense/bias', [3]], ['dense_1/kernel', [3, 2]], ['dense_1/bias', [2]]]));
    expect(layout.map((l) => l.layer)).toEqual(['input_1', 'dense', 'drop', 'dense_1']);
    expect(layout[1]!.weights).toEqual([
      { name: 'dense/kernel:0', shape: [4, 3], offset: 0, size: 12 },
      { name: 'dense/bias:0', shape: [3], offset: 12, size: 3 },
    ]);
    // 'dense_1/...' belongs to dense_1, not to dense (a prefix of its name).
    expect(layout[3]!.weights.map((w) => [w.name, w.offset])).toEqual([['dense_1/kernel:0', 15], ['dense_1/bias:0', 21]]);
    expect(layout[0]!.weights).toEqual([]);
    expect(layoutParamCount(layout)).toBe(23);
  });

  it("puts recurrent weights under the layer's cell, as Keras 2 names them", () => {
    const model = topology([layer('gru', 'GRU'), layer('lstm', 'LSTM'), layer('rnn', 'SimpleRNN')]);
    const layout = kerasWeightLayout(
      model,
      stored([['gru/kernel', [5, 6]], ['gru/recurrent_kernel', [2, 6]], ['gru/bias', [6]], ['lstm/kernel', [2, 8]], ['rnn/bias', [2]]]),
    );
    expect(layout.flatMap((l) => l.weights.map((w) => w.name))).toEqual([
      'gru/gru_cell/kernel:0',
      'gru/gru_cell/recurrent_kernel:0',
      'gru/gru_cell/bias:0',
      'lstm/lstm_cell/kernel:0',
      'rnn/simple_rnn_cell/bias:0',
    ]);
  });

  it("lists layers in Keras' own order (deepest first), which load_weights pairs them by, whatever the config's order", () => {
    const fed = (name: string, class_name: string, ...from: string[]): KerasLayerJson => ({ ...layer(name, class_name), inbound_nodes: [from.map((f) => [f, 0, 0, {}] as const)] as never });
    const model = topology([layer('in', 'InputLayer'), fed('a', 'Dense', 'in'), fed('b', 'Dense', 'in'), fed('c', 'Dense', 'b'), fed('add', 'Add', 'a', 'c')]);
    const layout = kerasWeightLayout(model, stored([['a/kernel', [1, 1]], ['b/kernel', [1, 1]], ['c/kernel', [1, 1]]]));
    expect(layout.map((l) => l.layer)).toEqual(['in', 'b', 'a', 'c', 'add']);
    expect(layout.find((l) => l.layer === 'a')!.weights.map((w) => w.name)).toEqual(['a/kernel:0']);
  });

  it("leaves a checkpoint's optimizer state out", () => {
    const model = topology([layer('dense', 'Dense')]);
    const layout = kerasWeightLayout(model, stored([['dense/kernel', [2, 2]], [`${OPTIMIZER_STATE_PREFIX}iterations`, [1]], [`${OPTIMIZER_STATE_PREFIX}dense/kernel/m`, [2, 2]]]));
    expect(layout[0]!.weights.map((w) => w.name)).toEqual(['dense/kernel:0']);
  });

  it('refuses weights that belong to no layer', () => {
    const model = topology([layer('dense', 'Dense'), layer('other', 'Dense')]);
    expect(() => kerasWeightLayout(model, stored([['conv/kernel', [1]]]))).toThrow(/conv\/kernel.*no layer/);
  });

  it("gathers a BatchNormalization's moving statistics, which tfjs stores after every trainable weight, into its own group", () => {
    const model = topology([layer('bn', 'BatchNormalization'), layer('dense', 'Dense')]);
    const layout = kerasWeightLayout(
      model,
      stored([['bn/gamma', [2]], ['bn/beta', [2]], ['dense/kernel', [2, 1]], ['dense/bias', [1]], ['bn/moving_mean', [2]], ['bn/moving_variance', [2]]]),
    );
    expect(layout.map((l) => [l.layer, l.weights.map((w) => `${w.name}@${w.offset}`)])).toEqual([
      ['bn', ['bn/gamma:0@0', 'bn/beta:0@2', 'bn/moving_mean:0@7', 'bn/moving_variance:0@9']],
      ['dense', ['dense/kernel:0@4', 'dense/bias:0@6']],
    ]);
  });
});

describe('kerasV3WeightGroups', () => {
  it("numbers same-class groups in Keras' layer order and puts recurrent and wrapped weights under their owner", () => {
    const groups = kerasV3WeightGroups({
      layers: [
        { name: 'in', className: 'InputLayer', inbound: [] },
        { name: 'a', className: 'Dense', inbound: ['in'] },
        { name: 'g', className: 'GRU', inbound: ['in'] },
        { name: 'b', className: 'Dense', inbound: ['g'] },
        { name: 'add', className: 'Add', inbound: ['a', 'b'] },
        { name: 't', className: 'TimeDistributed', inbound: ['add'] },
      ],
      outputs: ['t'],
    });
    expect(groups.map((g) => `${g.layer}:${g.vars}`)).toEqual([
      'in:layers/input_layer/vars',
      'g:layers/gru/cell/vars',
      'a:layers/dense/vars',
      'b:layers/dense_1/vars',
      'add:layers/add/vars',
      't:layers/time_distributed/layer/vars',
    ]);
  });
});
