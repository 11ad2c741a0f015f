import { describe, expect, it } from 'vitest';
import { mlpMnistTemplate } from '../templates';
import { defaultTrainingSettings } from '../training';
import { createProject } from './create';
import { CURRENT_PROJECT_VERSION, ProjectSchema } from './schema';

const NOW = () => new Date('2031-05-06T07:08:09.000Z');

describe('createProject', () => {
  it('creates an empty project with default training settings', () => {
    const p = createProject({ name: '  My net ', now: NOW });
    expect(ProjectSchema.safeParse(p).success).toBe(true);
    expect(p).toEqual({
      format: 'layerlab.project',
      version: CURRENT_PROJECT_VERSION,
      name: 'My net',
      template: null,
      createdAt: '2031-05-06T07:08:09.000Z',
      updatedAt: '2031-05-06T07:08:09.000Z',
      graph: { nodes: [], edges: [] },
      training: defaultTrainingSettings(),
      runs: [],
      viewport: null,
    });
  });

  it('stamps real ISO timestamps by default and names a blank project', () => {
    const p = createProject({ name: '   ' });
    expect(p.name).toBe('Untitled');
    expect(new Date(p.createdAt).toISOString()).toBe(p.createdAt);
    expect(p.updatedAt).toBe(p.createdAt);
  });

  it('copies a template graph and training settings, by object or by id', () => {
    const byObject = createProject({ name: 'MLP', template: mlpMnistTemplate, now: NOW });
    expect(byObject.template).toBe('mlp-mnist');
    expect(byObject.graph).toEqual(mlpMnistTemplate.graph);
    expect(byObject.training).toEqual(mlpMnistTemplate.training);
    // A copy: editing the project leaves the template alone.
    byObject.graph.nodes[0]!.name = 'changed';
    expect(mlpMnistTemplate.graph.nodes[0]!.name).not.toBe('changed');

    const byId = createProject({ name: 'MLP', template: 'mlp-mnist', now: NOW });
    expect(byId.graph).toEqual(mlpMnistTemplate.graph);
    expect(() => createProject({ name: 'x', template: 'no-such-template' })).toThrow(/no-such-template/);
  });

  it('fills training settings a template leaves out', () => {
    const p = createProject({
      name: 't',
      template: { id: 'custom', graph: { nodes: [], edges: [] }, training: { epochs: 9 } },
    });
    expect(p.training).toEqual({ ...defaultTrainingSettings(), epochs: 9 });
  });
});
