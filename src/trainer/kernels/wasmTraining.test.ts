import { describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadTf, type Tf } from '../tfBackend';
import { mulberry32 } from './harness';

async function fitTwoBatches(tf: Tf, model: TF.LayersModel, x: TF.Tensor, y: TF.Tensor) {
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const before = model.getWeights().map((w) => w.dataSync().slice());
  const losses: number[] = [];
  // Two epochs of two batches each, so the second epoch's first loss is on the batch the first epoch started with.
  await model.fit(x, y, {
    batchSize: x.shape[0] / 2,
    epochs: 2,
    shuffle: false,
    verbose: 0,
    callbacks: { onBatchEnd: async (_batch, logs) => void losses.push(logs!.loss as number) },
  });
  const after = model.getWeights().map((w) => w.dataSync());
  return { losses, moved: before.map((w, i) => w.some((v, j) => Math.abs(v - after[i]![j]!) > 1e-7)) };
}

describe('training on the wasm backend with our kernels', () => {
  it('loadTf("wasm") gives the wasm backend; a tiny CNN and an Embedding→GRU model fit', async () => {
    const { tf, backend } = await loadTf('wasm');
    expect(backend).toMatchObject({ name: 'wasm', native: false });
    expect(tf.getBackend()).toBe('wasm');
    const random = mulberry32(3);

    // Conv2D → MaxPooling2D → Flatten → Dense
    const cnn = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [10, 10, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const images = tf.tensor4d(Float32Array.from({ length: 16 * 100 }, () => random()), [16, 10, 10, 1]);
    const classes = tf.oneHot(tf.tensor1d(Int32Array.from({ length: 16 }, (_, i) => i % 3), 'int32'), 3);
    const cnnRun = await fitTwoBatches(tf, cnn, images, classes);
    expect(cnnRun.losses).toHaveLength(4);
    expect(cnnRun.losses.every(Number.isFinite)).toBe(true);
    expect(cnnRun.losses[2]).toBeLessThan(cnnRun.losses[0]!);
    expect(cnnRun.moved.every(Boolean)).toBe(true); // conv kernel and bias included

    // Embedding → GRU → Dense
    const rnn = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 200, outputDim: 8, inputLength: 12 }),
        tf.layers.gru({ units: 8 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const tokens = tf.tensor2d(Float32Array.from({ length: 16 * 12 }, () => Math.floor(random() * 200)), [16, 12]);
    const labels = tf.oneHot(tf.tensor1d(Int32Array.from({ length: 16 }, (_, i) => i % 2), 'int32'), 2);
    const rnnRun = await fitTwoBatches(tf, rnn, tokens, labels);
    expect(rnnRun.losses).toHaveLength(4);
    expect(rnnRun.losses.every(Number.isFinite)).toBe(true);
    expect(rnnRun.losses[2]).toBeLessThan(rnnRun.losses[0]!);
    expect(rnnRun.moved.every(Boolean)).toBe(true); // the embedding table included

    tf.dispose([images, classes, tokens, labels]);
    cnn.dispose();
    rnn.dispose();
  });
});
