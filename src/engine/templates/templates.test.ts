import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analyze';
import { findDataset } from '../datasets';
import { GraphSchema } from '../graph';
import { defaultTrainingSettings } from '../training';
import { emptyGraph, getTemplate, TEMPLATES } from './index';

describe('templates', () => {
  it('has the MLP with MNIST template, valid against the dataset labels', () => {
    const t = getTemplate('mlp-mnist');
    expect(t?.title).toBe('MLP with MNIST');
    expect(findDataset(t!.dataset)).toBeDefined();
    expect(GraphSchema.parse(t!.graph)).toEqual(t!.graph);
    expect(t!.graph.nodes.map((n) => [n.kind, n.name, n.params])).toEqual([
      ['Input', 'input_1', { shape: [784] }],
      ['Dense', 'dense_1', { units: 128, activation: 'relu', use_bias: true }],
      ['Dropout', 'dropout_1', { rate: 0.2 }],
      ['Dense', 'dense_2', { units: 10, activation: 'softmax', use_bias: true }],
    ]);
    expect(analyzeGraph(t!.graph, { targetShapes: [[null, 10]] }).issues).toEqual([]);
  });

  it('lays the layers out top to bottom about 140px apart', () => {
    const ys = getTemplate('mlp-mnist')!.graph.nodes.map((n) => n.position.y);
    expect(ys).toEqual([0, 140, 280, 420]);
  });

  it('trains like the Keras tutorial', () => {
    expect(getTemplate('mlp-mnist')!.training).toEqual({
      ...defaultTrainingSettings(),
      dataset: 'mnist',
      epochs: 5,
      batchSize: 128,
      validationSplit: 0.2,
      optimizer: { kind: 'adadelta', learningRate: 1.0 },
      outputs: [],
    });
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
