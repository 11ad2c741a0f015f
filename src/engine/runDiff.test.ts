import { describe, expect, it } from 'vitest';
import { diffFields, diffGraphs, diffRuns, formatDiffValue, isEmptyDiff } from './runDiff';
import { getTemplate } from './templates';

const mlp = () => getTemplate('mlp-mnist')!;

describe('diffFields', () => {
  it('lists nested fields by dotted path, arrays as whole values, both sides', () => {
    const changes = diffFields(
      { epochs: 5, optimizer: { kind: 'adadelta', learningRate: 1 }, shape: [28, 28, 1], trainLimit: null },
      { epochs: 2, optimizer: { kind: 'adam', learningRate: 1 }, shape: [28, 28, 1], trainLimit: 600 },
    );
    expect(changes).toEqual([
      { path: 'epochs', before: 5, after: 2 },
      { path: 'optimizer.kind', before: 'adadelta', after: 'adam' },
      { path: 'trainLimit', before: null, after: 600 },
    ]);
  });

  it('reports a field missing on one side, and null against missing', () => {
    expect(diffFields({ a: 1 }, { a: 1, b: null })).toEqual([{ path: 'b', before: undefined, after: null }]);
    expect(diffFields({ shape: [1, 2] }, { shape: [2, 1] })).toEqual([{ path: 'shape', before: [1, 2], after: [2, 1] }]);
    expect(diffFields({ o: { x: 1, y: 2 } }, { o: { y: 2, x: 1 } })).toEqual([]);
  });
});

describe('diffGraphs', () => {
  it('is empty for the same graph', () => {
    const graph = mlp().graph;
    expect(diffGraphs(graph, structuredClone(graph))).toEqual({ added: [], removed: [], changed: [], connectionsAdded: [], connectionsRemoved: [] });
  });

  it('finds a changed parameter, an added and a removed layer, and their connections, by layer name', () => {
    const before = mlp().graph;
    const after = structuredClone(before);
    const dense1 = after.nodes.find((n) => n.name === 'dense_1')!;
    dense1.params.units = 256;
    // Replace dropout_1 by a new layer with the same place in the chain (and a different id, as another project would have).
    const dropout = after.nodes.find((n) => n.name === 'dropout_1')!;
    dropout.name = 'dense_3';
    dropout.kind = 'Dense';
    dropout.params = { units: 64, activation: 'relu', use_bias: true };
    const diff = diffGraphs(before, after);
    expect(diff.changed).toEqual([{ name: 'dense_1', kind: 'Dense', changes: [{ path: 'units', before: 128, after: 256 }] }]);
    expect(diff.added).toEqual([{ name: 'dense_3', kind: 'Dense' }]);
    expect(diff.removed).toEqual([{ name: 'dropout_1', kind: 'Dropout' }]);
    expect(diff.connectionsAdded.sort()).toEqual(['dense_1 → dense_3', 'dense_3 → dense_2']);
    expect(diff.connectionsRemoved.sort()).toEqual(['dense_1 → dropout_1', 'dropout_1 → dense_2']);
  });

  it('shows a kind change of a layer kept under its name', () => {
    const before = mlp().graph;
    const after = structuredClone(before);
    after.nodes.find((n) => n.name === 'dropout_1')!.kind = 'GaussianDropout';
    expect(diffGraphs(before, after).changed).toEqual([{ name: 'dropout_1', kind: 'GaussianDropout', changes: [{ path: 'kind', before: 'Dropout', after: 'GaussianDropout' }] }]);
  });
});

describe('diffRuns', () => {
  it('compares the MLP and CNN templates: layers and settings differ, settings field by field', () => {
    const a = mlp();
    const b = getTemplate('cnn-mnist')!;
    const diff = diffRuns({ graph: a.graph, settings: a.training }, { graph: b.graph, settings: b.training });
    expect(isEmptyDiff(diff)).toBe(false);
    expect(diff.graph.added.some((l) => l.kind === 'Conv2D')).toBe(true);
    expect(diff.graph.removed.some((l) => l.name === 'dropout_1') || diff.graph.changed.some((l) => l.name === 'dropout_1')).toBe(true);
    // Both tutorial settings: same dataset, epochs and batch size, so those are not listed.
    expect(diff.settings.map((c) => c.path)).not.toContain('dataset');
    expect(diff.settings.map((c) => c.path)).not.toContain('epochs');
  });

  it('is empty for identical runs and lists only the settings changed', () => {
    const a = mlp();
    expect(isEmptyDiff(diffRuns({ graph: a.graph, settings: a.training }, { graph: a.graph, settings: { ...a.training } }))).toBe(true);
    const diff = diffRuns({ graph: a.graph, settings: a.training }, { graph: a.graph, settings: { ...a.training, batchSize: 32, optimizer: { ...a.training.optimizer, learningRate: 0.5 } } });
    expect(diff.settings).toEqual([
      { path: 'batchSize', before: 256, after: 32 },
      { path: 'optimizer.learningRate', before: a.training.optimizer.learningRate, after: 0.5 },
    ]);
  });
});

describe('formatDiffValue', () => {
  it('writes absent, text and other values readably', () => {
    expect(formatDiffValue(undefined)).toBe('—');
    expect(formatDiffValue('relu')).toBe('relu');
    expect(formatDiffValue(null)).toBe('null');
    expect(formatDiffValue([28, 28, 1])).toBe('[28,28,1]');
  });
});
