import { describe, expect, it } from 'vitest';
import { getTemplate } from '../templates';
import { planTraining } from '../trainingPlan';
import { kerasModelJson, kerasModelJsonText } from './kerasJson';
import { kerasExportFileName, kerasExportPath } from './kerasExport';

function mlpTopology() {
  const template = getTemplate('mlp-mnist')!;
  const planned = planTraining(template.graph, template.training);
  if (!planned.ok) throw new Error('mlp-mnist does not plan');
  return planned.plan.modelTopology;
}

describe('kerasModelJson', () => {
  it("wraps the compiled topology as Keras 2.15's to_json() does: Functional, keras_version, backend", () => {
    const topology = mlpTopology();
    const json = JSON.parse(kerasModelJsonText(topology)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['backend', 'class_name', 'config', 'keras_version']);
    expect(json).toMatchObject({ class_name: 'Functional', keras_version: '2.15.0', backend: 'tensorflow' });
    // The layers are the compiler's, untouched (no second compiler).
    expect(json.config).toEqual(topology.config);
  });

  it('keeps a class name other than Model', () => {
    expect(kerasModelJson({ ...mlpTopology(), class_name: 'Sequential' }).class_name).toBe('Sequential');
  });
});

describe('export file names', () => {
  it("are file-safe, and weights files avoid Keras 3's '.weights.h5' suffix", () => {
    expect(kerasExportFileName('Run 3: MLP / MNIST', 'json')).toBe('Run-3-MLP-MNIST.keras.json');
    expect(kerasExportFileName('Run 3', 'weights-h5')).toBe('Run-3-weights.h5');
    expect(kerasExportFileName('  ', 'model-h5')).toBe('run.h5');
    expect(kerasExportFileName('Imported from m.json + w.h5', 'model-keras')).toBe('Imported-from-m-json-w-h5.keras');
  });

  it('go beside the project file, or into the projects folder for an unsaved project', () => {
    expect(kerasExportPath('/home/u/projects/mnist.layerlab', '/p', 'Run 1', 'model-h5')).toBe('/home/u/projects/Run-1.h5');
    expect(kerasExportPath(null, '/p/', 'Run 1', 'json')).toBe('/p/Run-1.keras.json');
    expect(kerasExportPath('C:\\work\\m.layerlab', '/p', 'r', 'model-h5')).toBe('C:\\work/r.h5');
  });
});
