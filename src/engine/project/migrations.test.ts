/* eslint-disable @typescript-eslint/no-explicit-any -- old documents are untyped JSON */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../../test/fixtures/projects';
import { ProjectFileError } from './container';
import { detectProjectVersion, kerasSnakeCase, migrateProject, MIGRATIONS, ProjectMigrationError } from './migrations';
import { restoreProject } from './restore';
import { CURRENT_PROJECT_VERSION, ProjectSchema } from './schema';

const fixture = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'project-v0-mlp.json');
const v0 = (): unknown => JSON.parse(readFileSync(fixture, 'utf8'));

describe('migrations', () => {
  it('form a chain from 0 to the current version, each named', () => {
    let v = 0;
    for (const m of MIGRATIONS) {
      expect(m.from).toBe(v);
      expect(m.to).toBe(v + 1);
      expect(m.name).toMatch(new RegExp(`^v${m.from}→v${m.to}: `));
      v = m.to;
    }
    expect(v).toBe(CURRENT_PROJECT_VERSION);
  });

  it('snake-cases Keras class names like Keras', () => {
    expect(kerasSnakeCase('Dense')).toBe('dense');
    expect(kerasSnakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(kerasSnakeCase('Conv2D')).toBe('conv2d');
  });

  it('detects versions', () => {
    expect(detectProjectVersion(v0())).toBe(0);
    expect(detectProjectVersion(sampleProject())).toBe(CURRENT_PROJECT_VERSION);
    expect(() => detectProjectVersion([1, 2])).toThrow(ProjectMigrationError);
    expect(() => detectProjectVersion({ format: 'something.else', version: 1 })).toThrow(/format/);
    expect(() => detectProjectVersion({ hello: 'world' })).toThrow(/not a LayerLab project/);
  });

  it('leaves a current document alone and does not mutate its input', () => {
    const input = v0();
    const before = structuredClone(input);
    migrateProject(input);
    expect(input).toEqual(before);
    const current = migrateProject(sampleProject());
    expect(current.applied).toEqual([]);
    expect(current.doc).toEqual(sampleProject());
  });

  it('refuses a project made by a newer LayerLab', () => {
    const newer = { ...sampleProject(), version: CURRENT_PROJECT_VERSION + 1 };
    expect(() => migrateProject(newer)).toThrow(/made by a newer LayerLab.*version 6.*up to version 5/);
    let err: unknown;
    try {
      restoreProject(newer, 'future.layerlab');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProjectFileError);
    expect((err as Error).message).toMatch(/^future\.layerlab: this project was made by a newer LayerLab/);
  });

  it('migrates the v0 MLP fixture to a valid current project', () => {
    const { doc, applied } = migrateProject(v0());
    expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(applied[0]).toMatch(/^v0→v1: /);

    const { project, problems, migrations } = restoreProject(doc, 'project-v0-mlp.json');
    expect(ProjectSchema.safeParse(project).success).toBe(true);
    expect(migrations).toEqual([]); // already migrated above
    expect(problems).toEqual([]);

    const full = restoreProject(v0(), 'project-v0-mlp.json');
    expect(full.migrations).toEqual(applied);
    expect(full.problems).toEqual([]);
    expect(full.project).toEqual(project);

    expect(project.format).toBe('layerlab.project');
    expect(project.version).toBe(CURRENT_PROJECT_VERSION);
    expect(project.name).toBe('MNIST MLP');
    expect(project.template).toBeNull();
    expect(project.createdAt).toBe('2024-03-01T10:00:00.000Z');
    expect(project.updatedAt).toBe('2024-03-01T10:00:00.000Z');
    expect(project.viewport).toBeNull();

    expect(project.graph.nodes.map((n) => [n.id, n.kind, n.name])).toEqual([
      ['l1', 'Input', 'input_1'],
      ['l2', 'Dense', 'dense_1'],
      ['l3', 'Dropout', 'dropout_1'],
      ['l4', 'Dense', 'dense_2'],
    ]);
    expect(project.graph.nodes.map((n) => n.params)).toEqual([
      { shape: [784] },
      { units: 128, activation: 'relu', use_bias: true },
      { rate: 0.2 },
      { units: 10, activation: 'softmax', use_bias: true },
    ]);
    expect(project.graph.nodes[3]!.position).toEqual({ x: 250, y: 400 });
    expect(project.graph.edges.map((e) => [e.source, e.target])).toEqual([
      ['l1', 'l2'],
      ['l2', 'l3'],
      ['l3', 'l4'],
    ]);
    expect(new Set(project.graph.edges.map((e) => e.id)).size).toBe(3);

    expect(project.training).toEqual({
      dataset: 'mnist',
      epochs: 2,
      batchSize: 128,
      validationSplit: 0.1,
      validation: 'split',
      optimizer: { kind: 'adadelta', learningRate: 1.0 },
      batching: 'shuffled',
      // v0's categorical cross-entropy is what MNIST's labels get by default.
      outputs: [],
      trainLimit: null,
      corpusLines: null,
      probeSamples: null,
      imageEvery: 50,
      monitor: 'val_loss',
      checkpointEvery: null,
      checkpointBest: false,
      earlyStopping: null,
      testAfterTraining: true,
      testLimit: null,
    });

    expect(project.runs).toHaveLength(2);
    const [first, second] = project.runs;
    expect(first!.name).toBe('First try');
    expect(first!.status).toBe('completed');
    expect(first!.startedAt).toBe('2024-03-01T09:00:00.000Z');
    expect(first!.finishedAt).toBe('2024-03-01T09:04:30.000Z');
    expect(first!.hasWeights).toBe(false);
    expect(first!.epochs).toEqual([
      { epoch: 1, metrics: { loss: 0.4412, acc: 0.8721, val_loss: 0.1822, val_acc: 0.9461 }, durationMs: 0 },
      { epoch: 2, metrics: { loss: 0.1903, acc: 0.9437, val_loss: 0.1296, val_acc: 0.9622 }, durationMs: 0 },
    ]);
    expect(first!.test).toEqual({
      loss: 0.1251,
      accuracy: 0.9618,
      samples: 0,
      evaluatedAt: '2024-03-01T09:04:30.000Z',
    });
    expect(first!.settings).toEqual(project.training);
    expect(first!.graph.nodes.map((n) => n.name)).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2']);

    expect(second!.name).toBe('Run 2');
    expect(second!.status).toBe('stopped');
    expect(second!.finishedAt).toBe(second!.startedAt);
    expect(second!.epochs).toEqual([{ epoch: 1, metrics: { loss: 0.4389, acc: 0.8733 }, durationMs: 0 }]);
    expect(second!.test).toBeNull();
    expect(new Set(project.runs.map((r) => r.id)).size).toBe(2);
  });

  it('fills a v0 learning rate from the optimizer default and keeps numeric ids', () => {
    const { doc } = migrateProject({
      name: 'x',
      layers: [{ id: 1, type: 'Input', config: { shape: [3] }, x: 0, y: 0 }, { id: 2, type: 'Dense', config: {}, x: 0, y: 9 }],
      links: [{ from: 1, to: 2 }],
      training: { optimizer: 'sgd' },
    });
    const { project, problems } = restoreProject(doc, 'x.json');
    expect(project.training.optimizer).toEqual({ kind: 'sgd', learningRate: 0.01 });
    expect(project.graph.edges).toEqual([{ id: expect.any(String), source: '1', target: '2' }]);
    // Missing v0 fields are reported, not silently invented.
    expect(problems.some((p) => p.startsWith('training.epochs: missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('createdAt:'))).toBe(true);
  });

  describe('v1→v2', () => {
    /** The sample project as v1 wrote it: one model-wide loss. */
    function v1(loss: string) {
      const doc = structuredClone(sampleProject()) as unknown as Record<string, any>;
      doc.version = 1;
      for (const settings of [doc.training, ...doc.runs.map((r: { settings: unknown }) => r.settings)]) {
        delete settings.outputs;
        delete settings.validation;
        delete settings.batching;
        delete settings.corpusLines;
        settings.loss = loss;
      }
      return doc;
    }

    it('drops the default loss: MNIST labels get categorical cross-entropy anyway', () => {
      const { doc, applied } = migrateProject(v1('categorical_crossentropy'));
      expect(applied).toEqual(MIGRATIONS.filter((m) => m.from >= 1).map((m) => m.name));
      expect(doc).toEqual(sampleProject());
      expect(restoreProject(doc, 'v1.layerlab').problems).toEqual([]);
    });

    it('turns another loss into settings for every output layer, in the project and in each run', () => {
      const { doc } = migrateProject(v1('mean_squared_error'));
      const { project, problems } = restoreProject(doc, 'v1.layerlab');
      expect(problems).toEqual([]);
      const expected = [{ layer: 'dense_1', target: null, loss: 'mean_squared_error', metrics: ['accuracy'], weight: 1 }];
      expect(project.training.outputs).toEqual(expected);
      expect(project.runs.map((r) => r.settings.outputs)).toEqual([expected, expected]);
      expect('loss' in project.training).toBe(false);
    });
  });

  describe('v2→v3', () => {
    function v2(validationSplit: number) {
      const doc = structuredClone(sampleProject()) as unknown as Record<string, any>;
      doc.version = 2;
      for (const settings of [doc.training, ...doc.runs.map((r: { settings: unknown }) => r.settings)]) {
        delete settings.validation;
        delete settings.batching;
        delete settings.corpusLines;
        settings.validationSplit = validationSplit;
      }
      return doc;
    }

    it('keeps v2’s meaning: a split above 0 validates on it, shuffled batches, the whole corpus', () => {
      const { doc, applied } = migrateProject(v2(0.1));
      expect(applied).toEqual(MIGRATIONS.filter((m) => m.from >= 2).map((m) => m.name));
      expect(doc).toEqual(sampleProject());
      expect(restoreProject(doc, 'v2.layerlab').problems).toEqual([]);
    });

    it('a split of 0 meant no validation, in the project and in each run', () => {
      const { project, problems } = restoreProject(migrateProject(v2(0)).doc, 'v2.layerlab');
      expect(problems).toEqual([]);
      expect([project.training, ...project.runs.map((r) => r.settings)].map((s) => [s.validation, s.batching, s.corpusLines])).toEqual([
        ['none', 'shuffled', null],
        ['none', 'shuffled', null],
        ['none', 'shuffled', null],
      ]);
    });
  });

  describe('v3→v4', () => {
    it('adds layer images for the first 10 samples every 50 batches, in the project and in each run', () => {
      const doc = asV4(sampleProject());
      doc.version = 3;
      for (const settings of [doc.training, ...doc.runs.map((r: { settings: unknown }) => r.settings)]) {
        delete settings.probeSamples;
        delete settings.imageEvery;
      }
      const { doc: migrated, applied } = migrateProject(doc);
      expect(applied).toEqual(MIGRATIONS.filter((m) => m.from >= 3).map((m) => m.name));
      const { project, problems } = restoreProject(migrated, 'v3.layerlab');
      expect(problems).toEqual([]);
      expect([project.training, ...project.runs.map((r) => r.settings)].map((s) => [s.probeSamples, s.imageEvery])).toEqual([
        [null, 50],
        [null, 50],
        [null, 50],
      ]);
    });
  });

  describe('v4→v5', () => {
    it('runs name the project template and have no checkpoints, unfinished epoch, early stop or pauses; settings train as v4 did', () => {
      const current = sampleProject();
      const doc = asV4(current);
      const { doc: migrated, applied } = migrateProject(doc);
      expect(applied).toEqual([MIGRATIONS.find((m) => m.from === 4)!.name]);
      const { project, problems } = restoreProject(migrated, 'v4.layerlab');
      expect(problems).toEqual([]);
      // sampleProject is a v5 project whose runs carry exactly what v4→v5 fills in.
      expect(project).toEqual(current);
    });
  });
});

/** A v4 document: the v5 project without what v4→v5 adds. */
function asV4(project: ReturnType<typeof sampleProject>): Record<string, any> {
  const doc = structuredClone(project) as unknown as Record<string, any>;
  doc.version = 4;
  const v5Settings = ['monitor', 'checkpointEvery', 'checkpointBest', 'earlyStopping', 'testAfterTraining', 'testLimit'];
  for (const settings of [doc.training, ...doc.runs.map((r: { settings: unknown }) => r.settings)]) {
    for (const key of v5Settings) delete settings[key];
  }
  for (const run of doc.runs) {
    for (const key of ['template', 'checkpoints', 'partialEpoch', 'earlyStop', 'pausedMs']) delete run[key];
  }
  return doc;
}
