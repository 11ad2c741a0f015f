import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../engine/compile';
import { cnnMnistTemplate } from '../engine/templates';
import { dequantize } from '../shared/activations';
import { LayerProbe, probeIndices, SnapshotSchedule } from './activations';
import { buildCompiledModel } from './compileModel';

async function cnnModel() {
  await tf.setBackend('cpu');
  const compiled = compileGraph(cnnMnistTemplate.graph);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  const outputs = [{ layer: 'activation_4', target: 'label', loss: 'categorical_crossentropy' as const, metrics: ['accuracy' as const], weight: 1 }];
  const { model } = await buildCompiledModel(tf, compiled.modelTopology as unknown as Record<string, unknown>, { outputs }, cnnMnistTemplate.training);
  return model;
}

const bindings = { inputs: [{ layer: 'input_1', field: 'image' }] };

describe('layer probe (pure-JS tfjs)', () => {
  it('gives every layer of the tutorial CNN for the first 10 samples, with the shapes the tutorial draws', async () => {
    const model = await cnnModel();
    const xs = tf.randomUniform([12, 28, 28, 1], 0, 1, 'float32', 7);
    const probe = LayerProbe.create(tf, model, { xs: [xs], count: 12 }, bindings, null)!;
    const snapshot = probe.snapshot(1, 50);
    expect(snapshot.samples).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(snapshot.layers.map((l) => l.layer)).toEqual(['input_1', ...cnnMnistTemplate.graph.nodes.slice(1).map((n) => n.name)]);
    const byName = new Map(snapshot.layers.map((l) => [l.layer, l]));
    // Tutorial §2: 10 samples × 10 filters of 26×26 after the first 3×3 convolution; 12×12 after pooling.
    expect(byName.get('conv2d_1')!.shape).toEqual([10, 26, 26, 10]);
    expect(byName.get('max_pooling2d_1')!.shape).toEqual([10, 12, 12, 10]);
    expect(byName.get('dense_1')!.shape).toEqual([10, 128]);
    for (const layer of snapshot.layers) expect(layer.data.length).toBe(layer.shape.reduce((a, b) => a * b, 1));

    // The values are the layer's real outputs, to within one quantisation step.
    const conv = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv2d_1').output as tf.SymbolicTensor });
    const expected = (conv.predict(xs.slice(0, 10)) as tf.Tensor).dataSync();
    const layer = byName.get('conv2d_1')!;
    const got = dequantize(layer);
    const step = (layer.max - layer.min) / 255;
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]!))));
    expect(worst).toBeLessThanOrEqual(step / 2 + 1e-5);
    expect(layer.max).toBeGreaterThan(layer.min);
    // Softmax rows sum to 1 whatever the weights.
    const softmax = dequantize(byName.get('activation_4')!);
    expect(softmax.subarray(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    probe.dispose();
    model.dispose();
  });

  it('probes the samples the user picked, in their order, skipping those beyond the data', async () => {
    const model = await cnnModel();
    const xs = tf.randomUniform([12, 28, 28, 1], 0, 1, 'float32', 3);
    const probe = LayerProbe.create(tf, model, { xs: [xs], count: 12 }, bindings, [11, 3, 40])!;
    const snapshot = probe.snapshot(0, 0);
    expect(snapshot.samples).toEqual([11, 3]);
    const input = snapshot.layers[0]!;
    expect(input.shape).toEqual([2, 28, 28, 1]);
    const sample11 = xs.slice(11, 1).dataSync();
    const got = dequantize(input).subarray(0, 784);
    got.forEach((v, i) => expect(Math.abs(v - sample11[i]!)).toBeLessThanOrEqual((input.max - input.min) / 255));
    probe.dispose();
    model.dispose();
  });

  it('labels text probe samples with their words', async () => {
    await tf.setBackend('cpu');
    const input = tf.input({ shape: [3], name: 'words_in' });
    const embedded = tf.layers.embedding({ inputDim: 5, outputDim: 4, name: 'embedding_1' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: embedded });
    const xs = tf.tensor2d([[1, 2, 0], [4, 3, 1]]);
    const vocabulary = ['', 'the', 'cat', 'sat', 'mat'];
    const probe = LayerProbe.create(tf, model, { xs: [xs], count: 2, words: { words: vocabulary } }, { inputs: [{ layer: 'words_in', field: 'words' }] }, null)!;
    const snapshot = probe.snapshot(0, 0);
    expect(snapshot.words).toEqual({ words_in: [['the', 'cat', ''], ['mat', 'sat', 'the']] });
    expect(snapshot.layers.find((l) => l.layer === 'embedding_1')!.shape).toEqual([2, 3, 4]);
  });
});

describe('probeIndices', () => {
  it('takes the first 10, or the chosen ones that exist, once each', () => {
    expect(probeIndices(null, 4)).toEqual([0, 1, 2, 3]);
    expect(probeIndices(null, 100)).toHaveLength(10);
    expect(probeIndices([5, 5, 2, 200], 100)).toEqual([5, 2]);
  });
});

describe('SnapshotSchedule', () => {
  it('takes a snapshot every N batches, never more than 4 a second, and keeps probing under ~2% of the time', () => {
    let now = 0;
    const schedule = new SnapshotSchedule(10, 250, () => now);
    const taken: number[] = [];
    for (let step = 1; step <= 200; step++) {
      now += 10; // 10 ms a batch
      if (schedule.afterBatch(step)) schedule.measure(() => taken.push(step));
    }
    // Every 10 batches is every 100 ms: the 250 ms floor keeps one in three.
    expect(taken).toEqual([10, 40, 70, 100, 130, 160, 190]);

    const slow = new SnapshotSchedule(1, 0, () => now);
    const slowTaken: number[] = [];
    for (let step = 1; step <= 100; step++) {
      now += 10;
      if (slow.afterBatch(step)) slow.measure(() => ((now += 20), slowTaken.push(step)));
    }
    // A 20 ms snapshot waits 50 × 20 ms = 1 s: about every 100 batches.
    expect(slowTaken.length).toBeLessThanOrEqual(2);
    expect(new SnapshotSchedule(0).afterBatch(10)).toBe(false);
  });
});
