import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { sharedDatasetsDir } from '../../../test/dataDirs';
import { loadNativeTf } from '../../../test/nativeBackend';
import { DATASET_FILES } from './data';
import { NETWORKS } from './index';
import type { NetworkDefinition } from './types';


const native = loadNativeTf();
const dataDir = sharedDatasetsDir();

/**
 * Trainable parameters, from the architecture arithmetic in each network's
 * doc comment (Dense: in·out + out; Conv: k·k·in·out + out; GRU:
 * 3·(in·u + u·u + u); LSTM: 4·(in·u + u·u + u); Embedding: vocab·dim).
 */
const EXPECTED_PARAMS: Record<string, number> = {
  'mlp-mnist': 101_770,
  'cnn-mnist': 600_810,
  'cnn-cifar10': 1_250_858,
  'gru-imdb': 2_658_817,
  'gru2-imdb': 2_757_505,
  'lstm-imdb': 2_691_713,
  'lstm-lm-alice': 1_416_584,
  'encdec-jaen': 6_476_176,
  'autoencoder-mnist': 50_992,
  'cbow-alice': 3_005_000,
  'skipgram-alice': 3_000_002,
};

const DATA_FILE: Record<string, keyof typeof DATASET_FILES> = {
  'mlp-mnist': 'mnistImages',
  'cnn-mnist': 'mnistImages',
  'cnn-cifar10': 'cifar10',
  'gru-imdb': 'imdb',
  'gru2-imdb': 'imdb',
  'lstm-imdb': 'imdb',
  'lstm-lm-alice': 'alice',
  'encdec-jaen': 'jaEn',
  'autoencoder-mnist': 'mnistImages',
  'cbow-alice': 'alice',
  'skipgram-alice': 'alice',
};

/** Small batches, two of them per network, keep the whole file well under a minute on two cores. */
const testBatch = (network: NetworkDefinition) => Math.min(network.seedBatchSize, 64);
const TEST_BATCHES = 2;

function missingData(network: NetworkDefinition): string | null {
  const file = path.join(dataDir, DATASET_FILES[DATA_FILE[network.id]!]);
  return existsSync(file) ? null : file;
}

function asList(t: TF.Tensor | TF.Tensor[]): TF.Tensor[] {
  return Array.isArray(t) ? t : [t];
}

describe('the tutorial network list', () => {
  it('has the nine networks, the IMDB one in its three variants, with unique ids', () => {
    expect(NETWORKS.map((n) => n.id)).toEqual(Object.keys(EXPECTED_PARAMS));
    for (const n of NETWORKS) {
      expect(n.title.length).toBeGreaterThan(0);
      expect(n.source.length).toBeGreaterThan(0);
      expect(Number.isInteger(n.seedBatchSize) && n.seedBatchSize > 0).toBe(true);
    }
  });
});

describe.skipIf(!native.tf)(
  `every tutorial network trains natively${native.tf ? '' : ` (skipped: tfjs-node not loadable: ${native.reason})`}`,
  () => {
    for (const network of NETWORKS) {
      const missing = missingData(network);
      const name = `${network.id}: seed architecture, one epoch on real data${missing ? ` (skipped: ${missing} is missing; set LAYERLAB_TEST_DATA)` : ''}`;
      it.skipIf(missing !== null)(name, async () => {
        const tf = native.tf!;
        expect(await tf.setBackend('tensorflow')).toBe(true);
        const before = tf.memory().numTensors;

        const model = network.build(tf);
        expect(model.countParams()).toBe(EXPECTED_PARAMS[network.id]);

        const batchSize = testBatch(network);
        const data = await network.loadData(tf, dataDir, { limit: TEST_BATCHES * batchSize });
        const xs = asList(data.xs);
        const ys = asList(data.ys);
        expect(data.samples).toBe(TEST_BATCHES * batchSize);
        for (const t of [...xs, ...ys]) expect(t.shape[0]).toBe(data.samples);
        expect(xs.length).toBe(model.inputs.length);

        const history = await model.fit(data.xs, data.ys, {
          epochs: 1,
          batchSize,
          shuffle: false,
          verbose: 0,
          yieldEvery: 'never',
        });
        const loss = history.history.loss![0] as number;
        expect(Number.isFinite(loss)).toBe(true);

        const predicted = asList(model.predict(data.xs) as TF.Tensor | TF.Tensor[]);
        expect(predicted.length).toBe(ys.length);
        predicted.forEach((out, i) => {
          const target = ys[i]!;
          if (network.targets === 'dense') {
            expect(out.shape).toEqual(target.shape);
          } else {
            // One class id per sample, below the softmax's width.
            expect(target.shape).toEqual([data.samples, 1]);
            expect(out.shape.slice(0, -1)).toEqual([data.samples]);
            const ids = target.dataSync();
            expect(Math.max(...ids)).toBeLessThan(out.shape[out.shape.length - 1]!);
            expect(Math.min(...ids)).toBeGreaterThanOrEqual(0);
          }
        });
        expect(predicted[0]!.dataSync().every(Number.isFinite)).toBe(true);

        // tfjs 4.22's LSTM forget-bias initializer (unitForgetBias) leaks 4 tensors per layer.
        const tfjsLeak = 4 * model.layers.filter((l) => l.getClassName() === 'LSTM').length;
        tf.dispose([...predicted, ...xs, ...ys]);
        model.optimizer.dispose(); // passed in, so not owned (and not disposed) by the model
        model.dispose();
        expect(tf.memory().numTensors).toBe(before + tfjsLeak);
      });
    }
  },
);
