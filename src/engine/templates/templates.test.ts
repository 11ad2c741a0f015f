import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analyze';
import { findDataset } from '../datasets';
import { GraphSchema } from '../graph';
import { formatShape } from '../shape';
import { summarizeModel } from '../summary';
import { planTraining } from '../trainingPlan';
import { datasetSizes } from './build';
import { emptyGraph, getTemplate, TEMPLATES } from './index';

const IDS = [
  'mlp-mnist',
  'cnn-mnist',
  'cnn-cifar10',
  'gru-imdb',
  'gru2-imdb',
  'lstm-imdb',
  'lstm-lm-alice',
  'encdec-jaen',
  'autoencoder-mnist',
  'cbow-alice',
  'skipgram-alice',
];

/** Keras 1 parameter counts, by hand: Dense in·out+out, Conv k·k·in·f+f, GRU 3·u·(in+u+1), LSTM 4·u·(in+u+1), Embedding V·d. */
const dense = (i: number, o: number) => i * o + o;
const conv = (k: number, i: number, f: number) => k * k * i * f + f;
const gru = (i: number, u: number) => 3 * u * (i + u + 1);
const lstm = (i: number, u: number) => 4 * u * (i + u + 1);

function expectedParams(id: string): number {
  const alice = datasetSizes('alice-next-word');
  const cbow = datasetSizes('alice-cbow');
  const skipgram = datasetSizes('alice-skipgram');
  const jaEn = datasetSizes('ja-en');
  switch (id) {
    case 'mlp-mnist':
      return dense(784, 128) + dense(128, 10); // 101,770
    case 'cnn-mnist':
      return conv(3, 1, 10) + conv(3, 10, 10) + dense(12 * 12 * 10, 128) + dense(128, 10); // 186,748
    case 'cnn-cifar10':
      return conv(3, 3, 10) + conv(3, 10, 10) + dense(14 * 14 * 10, 512) + dense(512, 10); // 1,010,352
    case 'gru-imdb':
      return 20_000 * 100 + gru(100, 20) + dense(20, 1); // 2,007,281
    case 'gru2-imdb':
      return 20_000 * 100 + gru(100, 20) + gru(20, 20) + dense(20, 1); // 2,009,741
    case 'lstm-imdb':
      return 20_000 * 100 + lstm(100, 20) + dense(20, 1); // 2,009,701
    case 'lstm-lm-alice': {
      const v = alice.classes('next_word');
      return v * 64 + lstm(64, 64) + dense(64, v);
    }
    case 'encdec-jaen': {
      const ja = jaEn.input('japanese').vocabulary;
      const en = jaEn.classes('next_word');
      return ja * 128 + gru(128, 128) + en * 128 + gru(128, 128) + dense(128, 128) + gru(256, 128) + dense(128, en);
    }
    case 'autoencoder-mnist':
      return dense(784, 144) + dense(144, 784); // 226,720
    case 'cbow-alice': {
      const v = cbow.classes('word');
      return v * 100 + dense(100, v);
    }
    case 'skipgram-alice': {
      const v = skipgram.classes('context');
      return v * 100 + dense(100, v);
    }
  }
  throw new Error(id);
}

describe('the tutorial templates', () => {
  it('are the eleven networks, with the ids the app, CLI and bench use', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(IDS);
    expect(new Set(TEMPLATES.map((t) => t.group))).toEqual(new Set(['images', 'text']));
  });

  it.each(IDS)('%s: its graph is valid and binds to its dataset with no error', (id) => {
    const t = getTemplate(id)!;
    expect(findDataset(t.dataset)).toBeDefined();
    expect(GraphSchema.parse(t.graph)).toEqual(t.graph);
    expect(analyzeGraph(t.graph).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const plan = planTraining(t.graph, t.training);
    expect(plan.ok ? [] : plan.issues).toEqual([]);
  });

  it.each(IDS)('%s: its summary total is the tutorial model’s parameter count, computed by hand', (id) => {
    expect(summarizeModel(getTemplate(id)!.graph).totalParams).toBe(expectedParams(id));
  });

  it('fixed-size models have the exact Keras counts', () => {
    const totals = Object.fromEntries(['mlp-mnist', 'cnn-mnist', 'cnn-cifar10', 'gru-imdb', 'gru2-imdb', 'lstm-imdb', 'autoencoder-mnist'].map((id) => [id, summarizeModel(getTemplate(id)!.graph).totalParams]));
    expect(totals).toEqual({
      'mlp-mnist': 101_770,
      'cnn-mnist': 186_748,
      'cnn-cifar10': 1_010_352,
      'gru-imdb': 2_007_281,
      'gru2-imdb': 2_009_741,
      'lstm-imdb': 2_009_701,
      'autoencoder-mnist': 226_720,
    });
  });

  it('the CNNs have the tutorial’s shapes (channels last): 10 filters, 2×2 pooling, 1,440 and 1,960 flattened', () => {
    const shapes = (id: string) => {
      const t = getTemplate(id)!;
      const analysis = analyzeGraph(t.graph);
      return t.graph.nodes.map((n) => formatShape(analysis.nodeShapes[n.id]!));
    };
    expect(shapes('cnn-mnist')).toEqual([
      '(None, 28, 28, 1)',
      '(None, 26, 26, 10)',
      '(None, 26, 26, 10)',
      '(None, 24, 24, 10)',
      '(None, 24, 24, 10)',
      '(None, 12, 12, 10)',
      '(None, 1440)',
      '(None, 128)',
      '(None, 128)',
      '(None, 10)',
      '(None, 10)',
    ]);
    expect(shapes('cnn-cifar10').slice(5, 8)).toEqual(['(None, 14, 14, 10)', '(None, 1960)', '(None, 512)']);
  });

  it('layers in the tutorial’s order, sizes and activations', () => {
    const layers = (id: string) => getTemplate(id)!.graph.nodes.map((n) => [n.kind, n.params.units ?? n.params.filters ?? n.params.activation ?? n.params.rate ?? null]);
    expect(layers('mlp-mnist')).toEqual([['Input', null], ['Dense', 128], ['Dropout', 0.2], ['Dense', 10]]);
    expect(layers('gru2-imdb').map((l) => l[0])).toEqual(['Input', 'Embedding', 'GRU', 'GRU', 'Dense', 'Activation']);
    expect(getTemplate('gru2-imdb')!.graph.nodes.filter((n) => n.kind === 'GRU').map((n) => n.params.return_sequences)).toEqual([true, false]);
    expect(layers('autoencoder-mnist')).toEqual([['Input', null], ['Dense', 144], ['Dense', 784]]);
    expect(layers('cbow-alice').map((l) => l[0])).toEqual(['Input', 'Embedding', 'GlobalAveragePooling1D', 'Dense']);
    expect(layers('skipgram-alice').map((l) => l[0])).toEqual(['Input', 'Embedding', 'Reshape', 'Dense']);
    // Keras 1 recurrent gates everywhere.
    for (const t of TEMPLATES) {
      for (const n of t.graph.nodes.filter((n) => n.kind === 'GRU' || n.kind === 'LSTM')) {
        expect([t.id, n.params.recurrent_activation]).toEqual([t.id, 'hard_sigmoid']);
      }
    }
    // The tutorial asks for glorot_uniform embeddings in the IMDB and word2vec models only; the others keep Keras' uniform.
    const init = (id: string) => getTemplate(id)!.graph.nodes.filter((n) => n.kind === 'Embedding').map((n) => n.params.embeddings_initializer ?? 'uniform');
    expect([init('gru-imdb'), init('cbow-alice'), init('lstm-lm-alice'), init('encdec-jaen')]).toEqual([['glorot_uniform'], ['glorot_uniform'], ['uniform'], ['uniform', 'uniform']]);
  });

  it('train as the tutorial does: Adadelta with Keras 1 defaults, its batch sizes, epochs and validation', () => {
    const settings = (id: string) => {
      const { epochs, batchSize, validation, validationSplit, batching, trainLimit, optimizer } = getTemplate(id)!.training;
      return { epochs, batchSize, validation, ...(validation === 'split' ? { validationSplit } : {}), batching, trainLimit, optimizer };
    };
    const adadelta = { kind: 'adadelta', learningRate: 1 };
    expect(settings('mlp-mnist')).toEqual({ epochs: 5, batchSize: 256, validation: 'split', validationSplit: 0.2, batching: 'shuffled', trainLimit: null, optimizer: adadelta });
    expect(settings('cnn-mnist')).toEqual(settings('mlp-mnist'));
    expect(settings('cnn-cifar10')).toMatchObject({ epochs: 5, batchSize: 256, validation: 'test' });
    expect(settings('gru-imdb')).toMatchObject({ epochs: 3, batchSize: 256, validation: 'test', batching: 'shuffled' });
    expect(settings('autoencoder-mnist')).toMatchObject({ epochs: 19, batchSize: 256, validation: 'none', trainLimit: 7000 });
    expect(settings('lstm-lm-alice')).toMatchObject({ epochs: 19, validation: 'none', batching: 'tutorial' });
    expect(settings('encdec-jaen')).toMatchObject({ epochs: 21, validation: 'none', batching: 'tutorial' });
    expect(settings('cbow-alice')).toMatchObject({ epochs: 10, validation: 'none', batching: 'tutorial' });
    expect(settings('skipgram-alice')).toMatchObject({ epochs: 10, validation: 'none', batching: 'tutorial' });
    for (const t of TEMPLATES) expect([t.id, t.training.optimizer]).toEqual([t.id, adadelta]);
  });

  it('the autoencoder learns its own image with MSE and no accuracy', () => {
    const t = getTemplate('autoencoder-mnist')!;
    const plan = planTraining(t.graph, t.training);
    if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
    expect(plan.plan.outputs).toEqual([{ layer: 'dense_2', target: 'image', loss: 'mean_squared_error', metrics: [], weight: 1 }]);
  });

  it('carry the tutorial’s printed figures to compare runs with', () => {
    expect(getTemplate('mlp-mnist')!.tutorial.test).toEqual({ loss: 0.0920637251928, acc: 0.9722 });
    expect(getTemplate('autoencoder-mnist')!.tutorial.epochs).toHaveLength(19);
    expect(getTemplate('cbow-alice')!.tutorial.epochs[0]).toEqual({ loss_sum: 28432.1996384 });
    expect(getTemplate('encdec-jaen')!.tutorial.epochs).toHaveLength(21);
    for (const t of TEMPLATES) expect(t.tutorial.result.length).toBeGreaterThan(10);
  });

  it('say how Keras 1’s Lambda and Merge map onto LayerLab layers', () => {
    expect(getTemplate('cbow-alice')!.description).toMatch(/Lambda\(K\.mean\(axis=1\)\) is LayerLab's GlobalAveragePooling1D/);
    expect(getTemplate('encdec-jaen')!.description).toMatch(/Merge\(mode='concat'\)/);
    expect(getTemplate('encdec-jaen')!.graph.nodes.find((n) => n.kind === 'Concatenate')!.params).toEqual({ axis: -1 });
  });

  it('hands out copies, so editing one does not change the template', () => {
    const a = getTemplate('mlp-mnist')!;
    a.graph.nodes.pop();
    expect(getTemplate('mlp-mnist')!.graph.nodes).toHaveLength(4);
    expect(TEMPLATES[0]!.graph.nodes).toHaveLength(4);
    expect(getTemplate('nope')).toBeUndefined();
  });

  it('emptyGraph is empty and fresh', () => {
    const g = emptyGraph();
    g.nodes.push({ id: 'x', kind: 'Input', name: 'x', params: {}, position: { x: 0, y: 0 } });
    expect(emptyGraph()).toEqual({ nodes: [], edges: [] });
  });
});
