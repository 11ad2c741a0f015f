import { describe, expect, it } from 'vitest';
import { sampleProject, sampleWeights } from '../../../test/fixtures/projects';
import { ProjectFileError } from './container';
import { restoreProject } from './restore';
import { ProjectSchema } from './schema';

const NOW = () => new Date('2030-01-01T00:00:00.000Z');

/** Tests damage the document freely, in ways no static type allows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDoc = Record<string, any>;

/** A sample project as a loosely typed document, for damaging. */
function doc(): LooseDoc {
  return structuredClone(sampleProject()) as unknown as LooseDoc;
}

function restore(raw: unknown) {
  const result = restoreProject(raw, 'damaged.layerlab', { now: NOW });
  // Whatever went in, what comes out is a valid project.
  expect(ProjectSchema.safeParse(result.project).success).toBe(true);
  return result;
}

function problemAbout(problems: string[], ...parts: (string | RegExp)[]): string {
  const hit = problems.find((p) => parts.every((part) => (typeof part === 'string' ? p.includes(part) : part.test(p))));
  if (!hit) throw new Error(`no problem mentions ${parts.join(' + ')} in:\n${problems.join('\n')}`);
  return hit;
}

describe('restoreProject', () => {
  it('reports nothing for a sound project', () => {
    const { project, problems } = restore(sampleProject());
    expect(problems).toEqual([]);
    expect(project).toEqual(sampleProject());
  });

  it('drops dangling edges, naming the edge and the missing layer', () => {
    const d = doc();
    d.graph.edges.push({ id: 'e-ghost', source: 'n2', target: 'ghost' });
    d.graph.edges.push({ id: 'e-ghost2', source: 'nobody', target: 'n1' });
    const { project, problems } = restore(d);
    expect(project.graph.edges.map((e) => e.id)).toEqual(['e1']);
    problemAbout(problems, '"e-ghost"', 'target layer "ghost" does not exist', 'dropped');
    problemAbout(problems, '"e-ghost2"', 'source layer "nobody" does not exist');
    expect(problems).toHaveLength(2);
  });

  it('gives duplicate node ids and names fresh, unique ones', () => {
    const d = doc();
    d.graph.nodes.push({
      id: 'n2',
      kind: 'Dense',
      name: 'dense_1',
      params: { units: 5, activation: 'relu', use_bias: false },
      position: { x: 5, y: 5 },
    });
    const { project, problems } = restore(d);
    const ids = project.graph.nodes.map((n) => n.id);
    const names = project.graph.nodes.map((n) => n.name);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(names).size).toBe(3);
    expect(ids.slice(0, 2)).toEqual(['n1', 'n2']); // first holders keep theirs
    expect(names).toEqual(['input_1', 'dense_1', 'dense_2']);
    // The original edge still points to the first n2.
    expect(project.graph.edges).toEqual([{ id: 'e1', source: 'n1', target: 'n2' }]);
    const third = project.graph.nodes[2]!;
    expect(third.params).toEqual({ units: 5, activation: 'relu', use_bias: false });
    problemAbout(problems, 'Layer "n2"', 'duplicate id', `"${third.id}"`);
    problemAbout(problems, `"${third.id}"`, 'name "dense_1" is already used', 'renamed to "dense_2"');
  });

  it('resets a bad batch size (and other settings) to defaults, naming the field', () => {
    const d = doc();
    d.training.batchSize = 12.5;
    d.training.validationSplit = 'lots';
    delete d.training.outputs;
    d.training.optimizer = { kind: 'adam', learningRate: -1 };
    const { project, problems } = restore(d);
    expect(project.training).toEqual({
      ...sampleProject().training,
      batchSize: 128,
      validationSplit: 0.2,
      outputs: [],
      optimizer: { kind: 'adam', learningRate: 0.001 },
    });
    expect(problemAbout(problems, /^training\.batchSize: /, 'expected int', '12.5', 'default 128')).toBeTruthy();
    problemAbout(problems, /^training\.validationSplit: /, '"lots"', '0.2');
    problemAbout(problems, /^training\.outputs: missing/);
    problemAbout(problems, /^training\.optimizer\.learningRate: /, '-1', "adam's default 0.001");
    expect(problems).toHaveLength(4);
  });

  it('repairs each bad optimizer hyper-parameter on its own and keeps the good ones', () => {
    const both = doc();
    both.training.optimizer = { kind: 'adadelta', learningRate: 1, rho: 7, epsilon: -1 };
    const a = restore(both);
    expect(a.project.training.optimizer).toEqual({ kind: 'adadelta', learningRate: 1 });
    problemAbout(a.problems, /^training\.optimizer\.rho: /, "Keras 1's default");
    problemAbout(a.problems, /^training\.optimizer\.epsilon: /, "Keras 1's default");
    expect(a.problems).toHaveLength(2);

    const badRate = doc();
    badRate.training.optimizer = { kind: 'rmsprop', learningRate: 'fast', rho: 0.8, epsilon: 1e-7 };
    const b = restore(badRate);
    expect(b.project.training.optimizer).toEqual({ kind: 'rmsprop', learningRate: 0.001, rho: 0.8, epsilon: 1e-7 });
    problemAbout(b.problems, /^training\.optimizer\.learningRate: /, '"fast"', "rmsprop's default 0.001");
    expect(b.problems).toHaveLength(1);
  });

  it('replaces missing training settings altogether', () => {
    const d = doc();
    delete d.training;
    const { project, problems } = restore(d);
    expect(project.training.batchSize).toBe(128);
    problemAbout(problems, /^training: missing/);
  });

  it('resets invalid params to their defaults through the layer registry', () => {
    const d = doc();
    d.graph.nodes[1].params = { units: 0, activation: 'wobbly', use_bias: true, colour: 'red' };
    const { project, problems } = restore(d);
    expect(project.graph.nodes[1]!.params).toEqual({ units: 128, activation: 'linear', use_bias: true });
    problemAbout(problems, 'Layer "n2" (dense_1)', 'Units', '0', 'default 128');
    problemAbout(problems, 'Layer "n2" (dense_1)', 'Activation', '"wobbly"', 'default "linear"');
    problemAbout(problems, 'Layer "n2" (dense_1)', 'unknown param "colour"');
    expect(problems).toHaveLength(3);
  });

  it('keeps layers of unknown kinds but reports them; drops layers with no kind', () => {
    const d = doc();
    d.graph.nodes.push({ id: 'n3', kind: 'Conv9D', name: 'weird', params: { a: 1 }, position: { x: 1, y: 2 } });
    d.graph.nodes.push({ id: 'n4', name: 'kindless', params: {}, position: { x: 1, y: 2 } });
    d.graph.edges.push({ id: 'e2', source: 'n2', target: 'n4' });
    const { project, problems } = restore(d);
    expect(project.graph.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    expect(project.graph.nodes[2]!.params).toEqual({ a: 1 });
    problemAbout(problems, 'Layer "n3" (weird)', 'unknown layer kind "Conv9D"');
    problemAbout(problems, 'Layer "n4" (kindless)', 'dropped');
    problemAbout(problems, '"e2"', 'target layer "n4" does not exist');
  });

  it('resets non-finite or missing positions and invalid names', () => {
    const d = doc();
    d.graph.nodes[0].position = { x: null, y: 3 };
    d.graph.nodes[1].position = undefined;
    d.graph.nodes[1].name = 'has space';
    const { project, problems } = restore(d);
    expect(project.graph.nodes[0]!.position).toEqual({ x: 0, y: 0 });
    expect(project.graph.nodes[1]!.position).toEqual({ x: 0, y: 120 });
    expect(project.graph.nodes[1]!.name).toBe('dense_1');
    problemAbout(problems, 'Layer "n1"', 'position');
    problemAbout(problems, 'Layer "n2"', 'position');
    problemAbout(problems, 'Layer "n2"', '"has space" is not a valid layer name');
  });

  it('drops runs that fail the schema, and duplicate runs, naming them', () => {
    const d = doc();
    d.runs[1].epochs[0].epoch = 0;
    d.runs.push(structuredClone(d.runs[0]));
    d.runs.push('not a run');
    const { project, problems } = restore(d);
    expect(project.runs.map((r) => r.id)).toEqual(['run-a']);
    problemAbout(problems, 'Run "run_b" (Run run_b)', 'runs[1].epochs[0].epoch');
    problemAbout(problems, 'Run "run-a"', 'same id');
    problemAbout(problems, 'runs[3]', 'not a run');
  });

  it('removes metric values that JSON turned into null instead of dropping the run', () => {
    const d = doc();
    d.runs[0].epochs[1].metrics.loss = null;
    const { project, problems } = restore(d);
    expect(project.runs[0]!.epochs[1]!.metrics).toEqual({ acc: 0.8, val_loss: 0.55, val_acc: 0.78 });
    problemAbout(problems, 'Run "run-a"', 'not finite');
  });

  it('clears hasWeights when the file holds no weights for the run', () => {
    const without = restoreProject(sampleProject(), 'f.layerlab', { weights: new Map() });
    expect(without.project.runs[0]!.hasWeights).toBe(false);
    problemAbout(without.problems, 'Run "run-a"', 'kept without weights');
    const withWeights = restoreProject(sampleProject(), 'f.layerlab', { weights: new Map([['run-a', sampleWeights()]]) });
    expect(withWeights.project.runs[0]!.hasWeights).toBe(true);
    expect(withWeights.problems).toEqual([]);
  });

  it('repairs top-level fields: name, template, timestamps, viewport', () => {
    const d = doc();
    d.name = '';
    d.template = 7;
    delete d.createdAt;
    d.viewport = { x: 0, y: 0, zoom: -2 };
    d.extra = 'ignored';
    const { project, problems } = restore(d);
    expect(project.name).toBe('damaged');
    expect(project.template).toBeNull();
    expect(project.createdAt).toBe('2030-01-01T00:00:00.000Z');
    expect(project.viewport).toBeNull();
    expect('extra' in project).toBe(false);
    problemAbout(problems, /^name: /, '"damaged"');
    problemAbout(problems, /^template: /);
    problemAbout(problems, /^createdAt: /);
    problemAbout(problems, /^viewport\.zoom: /);
  });

  it('replaces a graph that is not one with an empty graph', () => {
    const d = doc();
    d.graph = 'oops';
    const { project, problems } = restore(d);
    expect(project.graph).toEqual({ nodes: [], edges: [] });
    problemAbout(problems, /^graph: /);
  });

  it('throws a clear ProjectFileError for documents that are no project', () => {
    for (const raw of [null, 42, 'text', [], { some: 'object' }, { format: 'other' }]) {
      let err: unknown;
      try {
        restoreProject(raw, 'x.layerlab');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProjectFileError);
      expect((err as Error).message).toMatch(/^x\.layerlab: not a LayerLab project/);
    }
  });
});
