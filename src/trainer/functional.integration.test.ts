import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasMnist, hasSharedFile, sharedDatasetsDir } from '../../test/dataDirs';
import { encoderDecoderGraph } from '../../test/fixtures/graphs';
import { loadNativeTf } from '../../test/nativeBackend';
import type { Graph } from '../engine/graph';
import { chainGraph, connect, layerNode } from '../engine/templates/build';
import { getTemplate } from '../engine/templates';
import { ALICE_NEXT_WORD_TEXT } from '../engine/textDatasets';
import { defaultTrainingSettings, type TrainingSettings } from '../engine/training';
import { SettingsStore } from '../node/settingsStore';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { TrainingService } from '../node/trainingService';

/**
 * Graphs beyond one Input and one output, trained from the editor's graph by
 * the real trainer process on real data: several outputs with their own
 * losses, text datasets, and the seed's two-input encoder-decoder.
 */
const native = !!loadNativeTf().tf;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe.skipIf(!native || !hasMnist())('functional graphs in the trainer (native tfjs-node, ../shared/datasets)', () => {
  let service: TrainingService;
  beforeAll(async () => {
    const settings = new SettingsStore(mkdtempSync(path.join(os.tmpdir(), 'layerlab-home-')));
    await settings.update({ dataDirs: [sharedDatasetsDir()] });
    const launch = resolveTrainerLaunch(path.join(__dirname, '..', 'node'));
    service = new TrainingService({ ...launch, env: { LAYERLAB_BACKEND: 'native' } }, settings, () => undefined);
  });

  async function train(graph: Graph, settings: Partial<TrainingSettings>) {
    const { finished } = await service.start({
      graph,
      settings: { ...defaultTrainingSettings(), epochs: 1, ...settings },
      runName: 'functional',
      initialWeightsFrom: null,
    });
    const run = await finished;
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    return run;
  }

  it('trains two outputs with their own loss, metrics and weight, logged under Keras names', async () => {
    const graph: Graph = {
      nodes: [
        layerNode('Input', 'input_1', { shape: [784] }),
        layerNode('Dense', 'hidden', { units: 64, activation: 'relu' }),
        layerNode('Dense', 'digit', { units: 10, activation: 'softmax' }),
        layerNode('Dense', 'aux', { units: 10, activation: 'softmax' }),
      ],
      edges: [connect('input_1', 'hidden'), connect('hidden', 'digit'), connect('input_1', 'aux')],
    };
    const run = await train(graph, {
      trainLimit: 4000,
      optimizer: { kind: 'adam', learningRate: 0.001 },
      outputs: [{ layer: 'aux', target: null, loss: 'mean_squared_error', metrics: ['mean_absolute_error'], weight: 0.5 }],
    });
    const metrics = run.epochs[0]!.metrics;
    expect(Object.keys(metrics).sort()).toEqual(
      ['aux_loss', 'aux_mae', 'digit_acc', 'digit_loss', 'loss', 'val_aux_loss', 'val_aux_mae', 'val_digit_acc', 'val_digit_loss', 'val_loss'].sort(),
    );
    // The total is the weighted sum; the aux loss is reported already weighted, as tfjs applies the weight inside it.
    expect(metrics.val_loss).toBeCloseTo(metrics.val_digit_loss! + metrics.val_aux_loss!, 4);
    // Chance is 0.1; the epoch's mean training accuracy trails the end-of-epoch validation one.
    expect(metrics.digit_acc).toBeGreaterThan(0.4);
    expect(metrics.val_digit_acc).toBeGreaterThan(0.6);
    // MSE between softmax rows and one-hot labels is at most 0.2 (2/10) per sample.
    expect(metrics.val_aux_loss! / 0.5).toBeLessThan(0.2);
    // The headline accuracy is the first output's.
    expect(run.batches.at(-1)!.acc).not.toBeNull();
    expect(run.test?.accuracy).toBeGreaterThan(0.6);
  }, 120_000);

  it.skipIf(!hasSharedFile('imdb/aclImdb_v1_labeled.tar.gz'))(
    'trains a sentiment classifier on IMDB reviews: binary cross-entropy, accuracy on the 5,000 held-out reviews',
    async () => {
      const graph = chainGraph([
        layerNode('Input', 'review', { shape: [140] }),
        layerNode('Embedding', 'embedding_1', { input_dim: 20_000, output_dim: 16 }),
        layerNode('GlobalAveragePooling1D', 'mean_1'),
        layerNode('Dense', 'dense_1', { units: 1, activation: 'sigmoid' }),
      ]);
      const run = await train(graph, {
        dataset: 'imdb',
        epochs: 2,
        batchSize: 64,
        trainLimit: 5000,
        optimizer: { kind: 'adam', learningRate: 0.005 },
      });
      expect(run.trainSamples).toBe(4000);
      const losses = run.batches.map((b) => b.loss);
      expect(losses[0]).toBeCloseTo(Math.log(2), 1);
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
      expect(run.test?.samples).toBe(5_000);
      expect(run.test?.accuracy).toBeGreaterThan(0.6);
    },
    300_000,
  );

  it.skipIf(!hasSharedFile('ja-en/jpn.txt'))(
    "trains the seed's two-input encoder-decoder on Japanese→English pairs (small sizes)",
    async () => {
      const graph = encoderDecoderGraph({ inputs: ['japanese', 'english_prefix'], embedding: 16, units: 16, output: 'next_word' });
      const run = await train(graph, {
        dataset: 'ja-en',
        epochs: 10,
        batchSize: 16,
        validationSplit: 0.1,
        optimizer: { kind: 'rmsprop', learningRate: 0.01, rho: null, epsilon: null },
      });
      // The tutorial's 50 pairs: 120 samples, 108 after the validation split.
      expect(run.trainSamples).toBe(108);
      const losses = run.batches.map((b) => b.loss);
      // Sparse cross-entropy over the 20 English ids starts near ln(20) ≈ 3.
      expect(losses[0]).toBeGreaterThan(2.5);
      expect(losses[0]).toBeLessThan(3.5);
      expect(mean(losses.slice(-5))).toBeLessThan(losses[0]! - 1);
      // Like the tutorial, the corpus has no test split: nothing is evaluated.
      expect(run.test ?? null).toBeNull();
    },
    300_000,
  );

  it('trains a graph that uses every remaining layer kind on MNIST (convolution, pooling, normalization, recurrent, merges)', async () => {
    // Input(28,28,1) → Conv2D → BatchNormalization → Activation → AveragePooling2D (13×13×8), then three branches
    // joined by Add: global max pooling; rows as a sequence through Conv1D, SimpleRNN, LSTM and global pooling;
    // max pooling, Flatten and Dense.
    const graph: Graph = {
      nodes: [
        layerNode('Input', 'image', { shape: [28, 28, 1] }),
        layerNode('Conv2D', 'conv2d_1', { filters: 8, kernel_size: [3, 3] }),
        layerNode('BatchNormalization', 'batch_normalization_1'),
        layerNode('Activation', 'activation_1', { activation: 'relu' }),
        layerNode('AveragePooling2D', 'average_pooling2d_1'),
        layerNode('GlobalMaxPooling2D', 'global_max_pooling2d_1'),
        layerNode('Dense', 'dense_a', { units: 32 }),
        layerNode('Reshape', 'reshape_1', { target_shape: [13, 104] }),
        layerNode('Conv1D', 'conv1d_1', { filters: 16, kernel_size: 3 }),
        layerNode('SimpleRNN', 'simple_rnn_1', { units: 16, return_sequences: true }),
        layerNode('LSTM', 'lstm_1', { units: 16, return_sequences: true }),
        layerNode('GlobalMaxPooling1D', 'global_max_pooling1d_1'),
        layerNode('Dense', 'dense_b', { units: 32 }),
        layerNode('MaxPooling2D', 'max_pooling2d_1'),
        layerNode('Flatten', 'flatten_1'),
        layerNode('Dense', 'dense_c', { units: 32 }),
        layerNode('Add', 'add_1'),
        layerNode('Dropout', 'dropout_1', { rate: 0.2 }),
        layerNode('Dense', 'dense_out', { units: 10, activation: 'softmax' }),
      ],
      edges: [
        connect('image', 'conv2d_1'),
        connect('conv2d_1', 'batch_normalization_1'),
        connect('batch_normalization_1', 'activation_1'),
        connect('activation_1', 'average_pooling2d_1'),
        connect('average_pooling2d_1', 'global_max_pooling2d_1'),
        connect('global_max_pooling2d_1', 'dense_a'),
        connect('average_pooling2d_1', 'reshape_1'),
        connect('reshape_1', 'conv1d_1'),
        connect('conv1d_1', 'simple_rnn_1'),
        connect('simple_rnn_1', 'lstm_1'),
        connect('lstm_1', 'global_max_pooling1d_1'),
        connect('global_max_pooling1d_1', 'dense_b'),
        connect('average_pooling2d_1', 'max_pooling2d_1'),
        connect('max_pooling2d_1', 'flatten_1'),
        connect('flatten_1', 'dense_c'),
        connect('dense_a', 'add_1'),
        connect('dense_b', 'add_1'),
        connect('dense_c', 'add_1'),
        connect('add_1', 'dropout_1'),
        connect('dropout_1', 'dense_out'),
      ],
    };
    const run = await train(graph, { trainLimit: 3000, batchSize: 64, optimizer: { kind: 'adam', learningRate: 0.003 } });
    const losses = run.batches.map((b) => b.loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.8);
    expect(run.test?.accuracy).toBeGreaterThan(0.2);
  }, 300_000);

  it(
    'trains the CBOW template on the tutorial’s growing batches: one train_on_batch per word, loss_sum = the pass’s sum',
    async () => {
      const template = getTemplate('cbow-alice')!;
      // The first 40 corpus lines (those with two spaces or more), two passes.
      const run = await train(template.graph, { ...template.training, epochs: 2, corpusLines: 40 });
      expect(run.epochs).toHaveLength(2);
      const perPass = run.batches.length / 2;
      // One batch per word of those lines: a line of k words gives batches of 1, 2, …, k contexts.
      expect(Number.isInteger(perPass)).toBe(true);
      expect(perPass).toBeGreaterThan(100);
      expect(run.trainSamples).toBe(perPass);
      for (const [i, epoch] of run.epochs.entries()) {
        const losses = run.batches.filter((b) => b.epoch === i + 1).map((b) => b.loss);
        expect(losses).toHaveLength(perPass);
        expect(epoch.metrics.loss_sum).toBeCloseTo(losses.reduce((a, b) => a + b, 0), 1);
        expect(epoch.metrics.loss).toBeCloseTo(mean(losses), 4);
      }
      // Starts near ln(V) per batch, and the second pass is lower, as in the tutorial's printout.
      expect(run.batches[0]!.loss).toBeGreaterThan(Math.log(900));
      expect(run.epochs[1]!.metrics.loss_sum).toBeLessThan(run.epochs[0]!.metrics.loss_sum!);
      expect(run.validationSamples).toBe(0);
      expect(run.test ?? null).toBeNull();
    },
    300_000,
  );

  it(
    'trains the language model on one batch per line, the tutorial’s 19 passes shortened to 3',
    async () => {
      const template = getTemplate('lstm-lm-alice')!;
      const run = await train(template.graph, { ...template.training, epochs: 3 });
      expect(run.epochs).toHaveLength(3);
      // The first 50 lines give one batch per line of two words or more.
      for (const epoch of [1, 2, 3]) expect(run.batches.filter((b) => b.epoch === epoch)).toHaveLength(ALICE_NEXT_WORD_TEXT.tutorialBatches);
      expect(run.trainSamples).toBe(ALICE_NEXT_WORD_TEXT.samples);
      expect(run.epochs[2]!.metrics.loss).toBeLessThan(run.epochs[0]!.metrics.loss!);
    },
    300_000,
  );
});
