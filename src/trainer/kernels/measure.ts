/**
 * Measures training speed per backend (not a test):
 *
 *   npx tsx src/trainer/kernels/measure.ts [--backends wasm,native,cpu] [--models mlp,cnn,cnn32,gru] [--batches 4] [--batch 128]
 *
 * Trains on real MNIST from /work/shared/datasets/mnist (or LAYERLAB_MNIST_DIR)
 * with Adadelta and batch 128, as the Keras examples do; `gru` uses synthetic
 * token ids (vocabulary 20,000, length 80). One warm-up batch, then the timed
 * batches; prints ms/sample and the projected seconds for a 48,000-sample
 * epoch (MNIST's 60k less a 0.2 validation split). Stock cpu takes minutes per
 * CNN batch of 128: measure it with e.g. `--backends cpu --batch 16 --batches 1`.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { MNIST } from '../../engine/datasets';
import { loadImageDataset } from '../../node/datasets';
import type { Tf } from '../tfBackend';
import { loadJsTfWithWasm, mulberry32 } from './harness';
import { registerFastKernels } from './index';

const nodeRequire = createRequire(__filename);
const EPOCH_SAMPLES = 48_000;

type ModelName = 'mlp' | 'cnn' | 'cnn32' | 'gru';

function build(tf: Tf, name: ModelName): TF.LayersModel {
  const l = tf.layers;
  switch (name) {
    case 'mlp': // the mlp-mnist template
      return tf.sequential({
        layers: [
          l.dense({ inputShape: [784], units: 128, activation: 'relu' }),
          l.dropout({ rate: 0.2 }),
          l.dense({ units: 10, activation: 'softmax' }),
        ],
      });
    case 'cnn': // Keras mnist_cnn.py
    case 'cnn32':
      return tf.sequential({
        layers: [
          l.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
          l.conv2d({ filters: name === 'cnn' ? 64 : 32, kernelSize: 3, activation: 'relu' }),
          l.maxPooling2d({ poolSize: 2 }),
          l.dropout({ rate: 0.25 }),
          l.flatten(),
          l.dense({ units: 128, activation: 'relu' }),
          l.dropout({ rate: 0.5 }),
          l.dense({ units: 10, activation: 'softmax' }),
        ],
      });
    case 'gru': // IMDB-like: Embedding(20000, 128) → GRU(64) → Dense(2)
      return tf.sequential({
        layers: [
          l.embedding({ inputDim: 20_000, outputDim: 128, inputLength: 80 }),
          l.gru({ units: 64 }),
          l.dense({ units: 2, activation: 'softmax' }),
        ],
      });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string', default: 'wasm' },
      models: { type: 'string', default: 'mlp,cnn' },
      batches: { type: 'string', default: '4' },
      batch: { type: 'string', default: '128' },
    },
  });
  const backends = values.backends.split(',');
  const models = values.models.split(',') as ModelName[];
  const timed = Number(values.batches);
  const batchSize = Number(values.batch);
  const samples = (timed + 1) * batchSize;

  const mnistDir = process.env.LAYERLAB_MNIST_DIR ?? '/work/shared/datasets/mnist';
  const data = await loadImageDataset(MNIST, 'train', { dataDirs: [mnistDir], cacheDir: '/tmp/layerlab-measure-cache' }, { limit: 2048 });
  if (data.count < samples) throw new Error(`need ${samples} samples, loaded ${data.count}`);

  let tf = await loadJsTfWithWasm();
  if (backends.includes('native')) tf = nodeRequire('@tensorflow/tfjs-node') as Tf;
  registerFastKernels(tf, 'wasm');
  registerFastKernels(tf, 'cpu');

  const rows: string[] = [];
  for (const backend of backends) {
    const backendName = backend === 'native' ? 'tensorflow' : backend;
    if (!(await tf.setBackend(backendName))) throw new Error(`backend ${backendName} failed to initialise`);
    for (const name of models) {
      const random = mulberry32(1);
      const [x, y] = tf.tidy(() => {
        const labels = name === 'gru' ? Int32Array.from({ length: samples }, (_, i) => i % 2) : Int32Array.from(data.labels.subarray(0, samples));
        const y = tf.oneHot(tf.tensor1d(labels, 'int32'), name === 'gru' ? 2 : 10).toFloat();
        if (name === 'gru') return [tf.tensor2d(Float32Array.from({ length: samples * 80 }, () => Math.floor(random() * 20_000)), [samples, 80]), y];
        const pixels = tf.tensor1d(Float32Array.from(data.images.subarray(0, samples * 784))).div(255);
        return [pixels.reshape(name === 'mlp' ? [samples, 784] : [samples, 28, 28, 1]), y];
      });
      const model = build(tf, name);
      model.compile({ optimizer: tf.train.adadelta(1.0, 0.95, 1e-7), loss: 'categoricalCrossentropy' });
      const batch = (i: number) => tf.tidy(() => [x.slice(i * batchSize, batchSize), y.slice(i * batchSize, batchSize)]);
      const losses: number[] = [];
      const step = async (i: number) => {
        const [bx, by] = batch(i);
        losses.push((await model.trainOnBatch(bx!, by!)) as number);
        tf.dispose([bx!, by!]);
      };
      await step(0); // warm-up: kernels set up, weights initialised
      const start = performance.now();
      for (let i = 1; i <= timed; i++) await step(i);
      const ms = performance.now() - start;
      const msPerSample = ms / (timed * batchSize);
      const row = `${backend.padEnd(7)} ${name.padEnd(6)} ${(ms / timed).toFixed(0).padStart(7)} ms/batch ${msPerSample.toFixed(3).padStart(8)} ms/sample  ${((msPerSample * EPOCH_SAMPLES) / 1000).toFixed(1).padStart(7)} s/epoch(48k)  loss ${losses.map((v) => v.toFixed(3)).join(' ')}`;
      console.log(row);
      rows.push(row);
      model.dispose();
      tf.dispose([x, y]);
    }
  }
  console.log(`\n${tf.version.tfjs} · ${timed} timed batches of ${batchSize} after one warm-up\n${rows.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
