import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../../../test/nativeBackend';
import { compileGraph } from '../../../engine/compile';
import { chainGraph, layerNode } from '../../../engine/templates/build';
import { isFusedRecurrentLayer, registerFusedRecurrentLayers } from './layers';
import { chooseKernel, settingsFromKeras } from './plan';
import { fuseRecurrentTopology } from './topology';
import { relativeError, stockAndFused } from './testkit';

/** What stays on tfjs' own layer, and that it then behaves exactly as tfjs' own. */
const native = loadNativeTf();
const tf = native.tf!;

const shape = { batch: 4, steps: 6, features: 3 };

describe('which recurrent layers fuse (from the Keras config)', () => {
  const gru = (config: Record<string, unknown>) => chooseKernel(settingsFromKeras('GRU', { activation: 'tanh', recurrent_activation: 'hard_sigmoid', ...config }));

  it('fuses the templates’ Keras 1 layers, sigmoid gates on the fused ops', () => {
    expect(gru({})).toMatchObject({ fused: true, kernel: 'raw', description: 'hard_sigmoid gates, raw TF ops' });
    expect(gru({ recurrent_activation: 'sigmoid' })).toMatchObject({ fused: true, kernel: 'block', description: 'sigmoid gates, GRUBlockCell' });
    expect(chooseKernel(settingsFromKeras('LSTM', { activation: 'tanh', recurrent_activation: 'sigmoid' }))).toMatchObject({ kernel: 'block', description: 'sigmoid gates, BlockLSTMV2' });
    expect(chooseKernel(settingsFromKeras('SimpleRNN', { activation: 'tanh' }))).toMatchObject({ kernel: 'raw', description: 'tanh, raw TF ops' });
    // tfjs' defaults: tanh, and Keras 1's hard sigmoid for the gates.
    expect(chooseKernel(settingsFromKeras('LSTM', {}))).toMatchObject({ activation: 'tanh', recurrentActivation: 'hardSigmoid' });
  });

  it.each([
    [{ dropout: 0.2 }, 'dropout 0.2 is not fused'],
    [{ recurrent_dropout: 0.2 }, 'recurrent_dropout 0.2 is not fused'],
    [{ stateful: true }, 'stateful is not fused'],
    [{ unroll: true }, 'unroll is not fused'],
    [{ return_state: true }, 'return_state is not fused'],
    [{ activation: 'softsign' }, 'activation softsign is not fused'],
    [{ recurrent_activation: 'softmax' }, 'recurrent_activation softmax is not fused'],
  ])('keeps %j on the stock layer', (config, reason) => {
    expect(gru(config)).toEqual({ fused: false, reason });
  });

  it('keeps an LSTM whose cell state would need a hard sigmoid on the stock layer', () => {
    expect(chooseKernel(settingsFromKeras('LSTM', { activation: 'hard_sigmoid' }))).toEqual({
      fused: false,
      reason: 'activation hard_sigmoid on the cell state is not fused',
    });
  });

  it('rewrites only the layers that fuse, and notes every recurrent layer', () => {
    const compiled = compileGraph(
      chainGraph([
        layerNode('Input', 'input_1', { shape: [6] }),
        layerNode('Embedding', 'embedding_1', { input_dim: 50, output_dim: 4, input_length: 6 }),
        layerNode('GRU', 'gru_1', { units: 3, return_sequences: true, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }),
        layerNode('LSTM', 'lstm_1', { units: 3, return_sequences: false, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }),
      ]),
    );
    if (!compiled.ok) throw new Error('graph should compile');
    const topology = compiled.modelTopology;
    topology.config.layers.find((l) => l.name === 'lstm_1')!.config.recurrent_dropout = 0.2;
    const before = JSON.stringify(topology);
    const fused = fuseRecurrentTopology(topology as unknown as Record<string, unknown>, true);
    expect(JSON.stringify(topology)).toBe(before);
    const classes = (fused.topology as unknown as typeof topology).config.layers.map((l) => l.class_name);
    expect(classes).toEqual(['InputLayer', 'Embedding', 'FusedGRU', 'LSTM']);
    expect(fused.notes).toEqual(['gru_1: fused GRU (hard_sigmoid gates, raw TF ops)', 'lstm_1: stock tfjs LSTM (recurrent_dropout 0.2 is not fused)']);

    // Off native TensorFlow nothing is rewritten.
    const plain = fuseRecurrentTopology(topology as unknown as Record<string, unknown>, false);
    expect(JSON.stringify(plain.topology)).toBe(before);
    expect(plain.notes[0]).toBe('gru_1: stock tfjs GRU (fused kernels need the native TensorFlow backend)');

    // A mask from the Embedding reaches both layers (through the GRU's sequence output).
    topology.config.layers.find((l) => l.name === 'embedding_1')!.config.mask_zero = true;
    const masked = fuseRecurrentTopology(topology as unknown as Record<string, unknown>, true);
    expect((masked.topology as unknown as typeof topology).config.layers.map((l) => l.class_name)).toEqual(['InputLayer', 'Embedding', 'GRU', 'LSTM']);
    expect(masked.notes[0]).toBe('gru_1: stock tfjs GRU (its input may carry a mask from embedding_1)');
  });
});

describe.skipIf(!native.tf)(`fused classes fall back to tfjs' own call${native.tf ? '' : ` (skipped: tfjs-node does not load: ${native.reason})`}`, () => {
  beforeAll(async () => {
    expect(await tf.setBackend('tensorflow')).toBe(true);
  });

  function input(seed: number): TF.Tensor {
    return tf.randomNormal([shape.batch, shape.steps, shape.features], 0, 1, 'float32', seed);
  }

  it('with dropout: stock layer, dropout applied in training', () => {
    const { GRU } = registerFusedRecurrentLayers(tf);
    const args = { units: 5, returnSequences: true, dropout: 0.5, recurrentActivation: 'hardSigmoid' };
    const layer = new GRU(args);
    const stock = tf.layers.gru(args as Parameters<typeof tf.layers.gru>[0]);
    const x = input(1);
    layer.apply(x);
    stock.apply(x);
    layer.setWeights(stock.getWeights());
    expect(isFusedRecurrentLayer(layer) && layer.kernelChoice).toEqual({ fused: false, reason: 'dropout 0.5 is not fused' });
    // Inference: no dropout, the same output as tfjs.
    expect(relativeError(tf, stock.apply(x) as TF.Tensor, layer.apply(x) as TF.Tensor)).toBe(0);
    // Training: tfjs' dropout masks change the output.
    const trained = layer.apply(x, { training: true }) as TF.Tensor;
    expect(relativeError(tf, layer.apply(x) as TF.Tensor, trained)).toBeGreaterThan(1e-3);
  });

  it('with a mask: stock layer, masked steps skipped', async () => {
    const { fused, stock } = await stockAndFused(tf, { kind: 'LSTM', params: { units: 4, return_sequences: false }, ...shape });
    const fusedLayer = fused.getLayer('rnn');
    const stockLayer = stock.getLayer('rnn');
    expect(isFusedRecurrentLayer(fusedLayer) && fusedLayer.kernelChoice.fused).toBe(true);
    const x = input(2);
    const mask = tf.tensor2d([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]], [4, 6], 'bool');
    const masked = fusedLayer.apply(x, { mask }) as TF.Tensor;
    expect(relativeError(tf, stockLayer.apply(x, { mask }) as TF.Tensor, masked)).toBe(0);
    expect(relativeError(tf, fusedLayer.apply(x) as TF.Tensor, masked)).toBeGreaterThan(1e-3);
  });

  it('off native TensorFlow: stock layer, same output', async () => {
    const { fused, stock } = await stockAndFused(tf, { kind: 'GRU', params: { units: 4, return_sequences: true }, ...shape });
    const x = input(3);
    const onNative = fused.predict(x) as TF.Tensor;
    try {
      expect(await tf.setBackend('cpu')).toBe(true);
      const onCpu = fused.predict(x) as TF.Tensor;
      expect(relativeError(tf, stock.predict(x) as TF.Tensor, onCpu)).toBe(0);
      expect(relativeError(tf, onNative, onCpu)).toBeLessThan(1e-5);
    } finally {
      expect(await tf.setBackend('tensorflow')).toBe(true);
    }
  });
});
