import { describe, expect, it } from 'vitest';
import { encoderDecoderGraph } from '../../test/fixtures/graphs';
import { analyzeGraph } from './analyze';
import { bindDataset, lossForTarget } from './binding';
import { findDataset, MNIST, type DatasetSpec } from './datasets';
import type { Graph } from './graph';
import { chainGraph, connect, layerNode } from './templates/build';
import { cnnMnistTemplate, mlpMnistTemplate } from './templates';
import { planTraining } from './trainingPlan';
import { defaultTrainingSettings, type OutputSettings } from './training';
import { ALICE_NEXT_WORD_TEXT, JA_EN_TEXT, type TextDatasetSpec } from './textDatasets';

const dataset = (id: string): DatasetSpec => findDataset(id)!;
const bind = (graph: Graph, id: string, outputs: OutputSettings[] = []) => bindDataset(analyzeGraph(graph), graph, dataset(id), outputs);
const override = (layer: string, patch: Partial<OutputSettings>): OutputSettings => ({
  layer,
  target: null,
  loss: null,
  metrics: ['accuracy'],
  weight: 1,
  ...patch,
});

const imdbGraph = (inputDim = 20_000, inputShape = [140]) =>
  chainGraph([
    layerNode('Input', 'review', { shape: inputShape }),
    layerNode('Embedding', 'embedding_1', { input_dim: inputDim, output_dim: 32 }),
    layerNode('GlobalAveragePooling1D', 'mean_1'),
    layerNode('Dense', 'dense_1', { units: 1, activation: 'sigmoid' }),
  ]);

/** The seed's encoder-decoder; its Inputs (input_1, input_2) are deliberately named unlike the dataset's fields. */
const encoderDecoder = () => encoderDecoderGraph();

describe('bindDataset', () => {
  it('feeds MNIST images flat to the MLP and as a grid to the CNN, labels with categorical cross-entropy', () => {
    for (const template of [mlpMnistTemplate, cnnMnistTemplate]) {
      const binding = bind(template.graph, 'mnist');
      expect(binding.issues).toEqual([]);
      expect(binding.inputs.map((b) => [b.layer, b.field.name])).toEqual([['input_1', 'image']]);
      expect(binding.outputs.map((b) => [b.target.name, b.loss, b.metrics])).toEqual([['label', 'categorical_crossentropy', ['accuracy']]]);
    }
  });

  it('binds IMDB reviews to an Embedding model with binary cross-entropy', () => {
    const binding = bind(imdbGraph(), 'imdb');
    expect(binding.issues).toEqual([]);
    expect(binding.outputs[0]).toMatchObject({ layer: 'dense_1', loss: 'binary_crossentropy', target: { name: 'sentiment' } });
  });

  it('names the Input and its field when no dataset input fits', () => {
    const { issues } = bind(imdbGraph(20_000, [100]), 'imdb');
    expect(issues).toEqual([
      {
        severity: 'error',
        nodeId: 'review',
        field: 'shape',
        message:
          "Input 'review' takes (None, 100), which no input of IMDB movie reviews (sentiment) fits. The dataset's unused inputs are 'review' (None, 140). Set Shape to 140.",
      },
    ]);
  });

  it('flags an Embedding too small for the word ids it is fed', () => {
    const { issues } = bind(imdbGraph(5000), 'imdb');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'embedding_1', field: 'input_dim', severity: 'error' });
    expect(issues[0]!.message).toBe(
      "Embedding 'embedding_1' has input_dim 5000, but 'review' holds word ids up to 19999. Set Input dim to 20000.",
    );
  });

  it('binds the two-input encoder-decoder by shape, in model order, with sparse cross-entropy', () => {
    const graph = encoderDecoder();
    const binding = bind(graph, 'ja-en');
    expect(binding.issues).toEqual([]);
    expect(binding.inputs.map((b) => [b.layer, b.field.name])).toEqual([
      ['input_1', 'japanese'],
      ['input_2', 'english_prefix'],
    ]);
    expect(binding.outputs.map((b) => [b.layer, b.target.name, b.loss])).toEqual([['dense_1', 'next_word', 'sparse_categorical_crossentropy']]);
  });

  it('prefers an Input named like a field when shapes cannot tell them apart', () => {
    const graph: Graph = {
      nodes: [
        layerNode('Input', 'context', { shape: [1] }),
        layerNode('Input', 'word', { shape: [1] }),
        layerNode('Concatenate', 'concatenate_1'),
        layerNode('Dense', 'dense_1', { units: 1, activation: 'sigmoid' }),
      ],
      edges: [connect('context', 'concatenate_1'), connect('word', 'concatenate_1'), connect('concatenate_1', 'dense_1')],
    };
    // No catalogue dataset has two inputs of one shape: skip-gram fed (word, context) pairs, as word2vec's negative sampling does.
    const skipgram = dataset('alice-skipgram') as TextDatasetSpec;
    const word = skipgram.inputs[0]!;
    const pairs: TextDatasetSpec = {
      ...skipgram,
      inputs: [word, { ...word, name: 'context' }],
      targets: [{ name: 'is_context', shape: [1], encoding: 'binary', description: '1 for a real pair' }],
    };
    const binding = bindDataset(analyzeGraph(graph), graph, pairs);
    expect(binding.issues).toEqual([]);
    expect(binding.inputs.map((b) => [b.layer, b.field.name])).toEqual([
      ['context', 'context'],
      ['word', 'word'],
    ]);
  });

  it('warns when a dataset input is left unused', () => {
    const graph = chainGraph([
      layerNode('Input', 'input_1', { shape: [JA_EN_TEXT.encoderMaxlen] }),
      layerNode('Embedding', 'embedding_1', { input_dim: JA_EN_TEXT.jaVocabulary, output_dim: 8 }),
      layerNode('GRU', 'gru_1', { units: 8 }),
      layerNode('Dense', 'dense_1', { units: JA_EN_TEXT.enVocabulary, activation: 'softmax' }),
    ]);
    const { issues } = bind(graph, 'ja-en');
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining(`'english_prefix' (None, ${JA_EN_TEXT.decoderMaxlen})`) as unknown }),
    ]);
  });

  it('says which output does not fit the labels, with the units to set', () => {
    const graph = structuredClone(mlpMnistTemplate.graph);
    graph.nodes.find((n) => n.name === 'dense_2')!.params.units = 12;
    const { issues } = bind(graph, 'mnist');
    expect(issues).toEqual([
      {
        severity: 'error',
        nodeId: graph.nodes.find((n) => n.name === 'dense_2')!.id,
        field: 'units',
        message: "Output 'dense_2' produces (None, 12) but the dataset's labels are 'label' (None, 10), 'image' (None, 28, 28, 1). Set Units to 10.",
      },
    ]);
  });

  it('gives every output its own loss, metrics and weight; several outputs may learn one target', () => {
    const graph: Graph = {
      nodes: [
        layerNode('Input', 'input_1', { shape: [784] }),
        layerNode('Dense', 'hidden', { units: 32, activation: 'relu' }),
        layerNode('Dense', 'digit', { units: 10, activation: 'softmax' }),
        layerNode('Dense', 'aux', { units: 10, activation: 'softmax' }),
      ],
      edges: [connect('input_1', 'hidden'), connect('hidden', 'digit'), connect('input_1', 'aux')],
    };
    const binding = bind(graph, 'mnist', [override('aux', { loss: 'mean_squared_error', metrics: ['mean_absolute_error'], weight: 0.5 })]);
    expect(binding.issues).toEqual([]);
    expect(binding.outputs.map((b) => [b.layer, b.target.name, b.loss, b.metrics, b.weight])).toEqual([
      ['digit', 'label', 'categorical_crossentropy', ['accuracy'], 1],
      ['aux', 'label', 'mean_squared_error', ['mean_absolute_error'], 0.5],
    ]);
  });

  it('refuses losses that cannot read class ids or 0/1 labels, and weights on class ids', () => {
    const lm = chainGraph([
      layerNode('Input', 'words', { shape: [ALICE_NEXT_WORD_TEXT.maxlen] }),
      layerNode('Embedding', 'embedding_1', { input_dim: ALICE_NEXT_WORD_TEXT.vocabulary, output_dim: 8 }),
      layerNode('GRU', 'gru_1', { units: 8 }),
      layerNode('Dense', 'dense_1', { units: ALICE_NEXT_WORD_TEXT.vocabulary, activation: 'softmax' }),
    ]);
    const message = (graph: Graph, id: string, patch: Partial<OutputSettings>) =>
      bind(graph, id, [override('dense_1', patch)]).issues.map((i) => i.message);
    expect(message(lm, 'alice-next-word', { loss: 'mean_squared_error' })).toEqual([
      "Output 'dense_1': 'next_word' is one class id per sample, which mean squared error cannot compare with the output; use cross-entropy.",
    ]);
    expect(message(lm, 'alice-next-word', { weight: 0.5 })).toEqual([
      "Output 'dense_1': a loss weight other than 1 needs one-hot labels, but 'next_word' is class ids; set the weight to 1.",
    ]);
    expect(message(imdbGraph(), 'imdb', { loss: 'categorical_crossentropy' })).toEqual([
      "Output 'dense_1': 'sentiment' is one 0/1 label per sample; use binary cross-entropy, MSE or MAE instead of categorical cross-entropy.",
    ]);
    expect(message(imdbGraph(), 'imdb', { loss: 'mean_squared_error', weight: 2 })).toEqual([]);
  });

  it('reports an unknown target and ignores settings for a vanished output, with a warning', () => {
    const binding = bind(mlpMnistTemplate.graph, 'mnist', [override('dense_2', { target: 'colour' }), override('gone', {})]);
    expect(binding.issues.map((i) => [i.severity, i.message])).toEqual([
      ['error', "Output 'dense_2' is set to learn 'colour', which MNIST handwritten digits does not have. Its targets are 'label' (None, 10), 'image' (None, 28, 28, 1)."],
      ['warning', "The training settings for output 'gone' are ignored: no output layer has that name any more."],
    ]);
  });
});

describe('lossForTarget', () => {
  const label = MNIST.targets[0]!;
  const nextWord = dataset('ja-en').targets[0]!;
  it('picks the natural loss, and the cross-entropy variant that matches the label encoding', () => {
    expect(lossForTarget(null, label)).toBe('categorical_crossentropy');
    expect(lossForTarget(null, nextWord)).toBe('sparse_categorical_crossentropy');
    expect(lossForTarget('categorical_crossentropy', nextWord)).toBe('sparse_categorical_crossentropy');
    expect(lossForTarget('sparse_categorical_crossentropy', label)).toBe('categorical_crossentropy');
    expect(lossForTarget('mean_squared_error', label)).toBe('mean_squared_error');
  });
});

describe('planTraining', () => {
  it('returns the topology and the bindings by name, or the blocking errors', () => {
    const planned = planTraining(encoderDecoder(), { ...defaultTrainingSettings(), dataset: 'ja-en' });
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.plan.modelTopology.config.input_layers.map(([name]) => name)).toEqual(['input_1', 'input_2']);
    expect(planned.plan.inputs).toEqual([
      { layer: 'input_1', field: 'japanese' },
      { layer: 'input_2', field: 'english_prefix' },
    ]);
    expect(planned.plan.outputs).toEqual([
      { layer: 'dense_1', target: 'next_word', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], weight: 1 },
    ]);
    const wrong = planTraining(encoderDecoder(), { ...defaultTrainingSettings(), dataset: 'mnist' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.issues.map((i) => i.nodeId)).toContain('input_1');
    expect(planTraining(encoderDecoder(), { ...defaultTrainingSettings(), dataset: 'nope' })).toEqual({
      ok: false,
      issues: [{ severity: 'error', message: "Unknown dataset 'nope'." }],
    });
  });
});
