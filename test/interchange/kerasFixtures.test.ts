import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cpuTf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/engine/compile';
import { importKerasBytes, type KerasImport } from '../../src/node/interchange/importKeras';
import { kerasExportBytes } from '../../src/node/interchange/kerasExport';
import { isDataset, isGroup, stringListAttribute, tensorOf, withHdf5 } from '../../src/node/interchange/kerasHdf5';
import { applyModelWeights } from '../../src/trainer/weights';
import { loadNativeTf } from '../nativeBackend';

/**
 * Keras 2.15's own saves of a model with the most intricate weight layouts
 * (bench/make_keras_fixtures.py: Embedding, Conv1D, BatchNormalization, GRU,
 * TimeDistributed(Dense), LSTM, and a shorter branch, so that Keras' layer
 * order is not the order the layers were written in). Without Python: LayerLab
 * must import them, predict what Keras predicted, and write the very layout
 * Keras wrote (names, order, values) when it exports them again.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/keras');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'mixed_kinds_expected.json'), 'utf8')) as { input: number[][]; output: number[][]; layers: string[] };
const tf = loadNativeTf().tf ?? cpuTf;

beforeAll(async () => {
  await tf.ready();
});

/** Every dataset under `root` by path, with its values, and the name-list attributes Keras pairs layers by. */
async function h5Layout(bytes: Uint8Array, root = '/'): Promise<{ datasets: Record<string, { shape: number[]; values: number[] }>; lists: Record<string, string[]> }> {
  return withHdf5(bytes, (file, h5) => {
    const datasets: Record<string, { shape: number[]; values: number[] }> = {};
    const lists: Record<string, string[]> = {};
    const walk = (at: string, entity: unknown) => {
      if (isDataset(entity, h5)) {
        const tensor = tensorOf(entity);
        datasets[at] = { shape: tensor.shape, values: Array.from(tensor.values) };
      } else if (isGroup(entity, h5)) {
        for (const attribute of ['layer_names', 'weight_names']) {
          const names = stringListAttribute(entity, attribute);
          if (names.length > 0) lists[`${at}@${attribute}`] = names;
        }
        for (const key of entity.keys()) walk(at ? `${at}/${key}` : key, entity.get(key));
      }
    };
    walk('', root === '/' ? file : file.get(root));
    return { datasets, lists };
  });
}

function expectKerasPrediction(model: cpuTf.LayersModel): void {
  const output = tf.tidy(() => (model.predict(tf.tensor2d(expected.input)) as cpuTf.Tensor).arraySync() as number[][]);
  output.flat().forEach((value, i) => expect(Math.abs(value - expected.output.flat()[i]!)).toBeLessThanOrEqual(1e-5));
}

async function importedModel(imported: KerasImport): Promise<cpuTf.LayersModel> {
  const compiled = compileGraph(imported.graph);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  const model = await tf.models.modelFromJSON({ modelTopology: compiled.modelTopology as never });
  applyModelWeights(tf, model, imported.weights!);
  return model;
}

describe.each([
  ['mixed_kinds.h5', undefined],
  ['mixed_kinds.keras', undefined],
  ['mixed_kinds.h5', 'mixed_kinds_weights.h5'],
])("Keras' own save %s (weights file: %s)", (file, weightsFile) => {
  it('imports every layer, with weights that predict what Keras predicted', async () => {
    const imported = await importKerasBytes(fixture(file), file, weightsFile ? { bytes: fixture(weightsFile), fileName: weightsFile } : undefined);
    expect(imported.problems.filter((p) => !p.includes('were used instead'))).toEqual([]);
    expect(imported.graph.nodes.map((n) => n.name).sort()).toEqual([...expected.layers].sort());
    const model = await importedModel(imported);
    try {
      expectKerasPrediction(model);
    } finally {
      model.dispose();
    }
  });
});

describe('exporting the imported model again writes what Keras wrote', () => {
  const exportOf = async (format: 'weights-h5' | 'model-h5' | 'model-keras') => {
    const imported = await importKerasBytes(fixture('mixed_kinds.h5'), 'mixed_kinds.h5');
    // Nodes in another order, as a user who drew the short branch first would have them: the config then lists
    // the layers in an order of its own, and the files must still follow Keras' order.
    const compiled = compileGraph({ ...imported.graph, nodes: [...imported.graph.nodes].reverse() });
    expect(compiled.ok && compiled.modelTopology.config.layers.map((l) => l.name)).not.toEqual(expected.layers);
    if (!compiled.ok) throw new Error('imported graph does not compile');
    return kerasExportBytes(format, compiled.modelTopology, imported.weights!);
  };

  it('save_weights: the same layer order, weight names and values', async () => {
    const ours = await h5Layout(await exportOf('weights-h5'));
    const keras = await h5Layout(fixture('mixed_kinds_weights.h5'));
    expect(ours.lists['@layer_names']).toEqual(expected.layers);
    expect(ours.lists).toEqual(keras.lists);
    expect(ours.datasets).toEqual(keras.datasets);
  });

  it('model.save(.h5): the same model_weights layout', async () => {
    const ours = await h5Layout(await exportOf('model-h5'), 'model_weights');
    const keras = await h5Layout(fixture('mixed_kinds.h5'), 'model_weights');
    expect(ours.lists).toEqual(keras.lists);
    expect(ours.datasets).toEqual(keras.datasets);
  });

  it('model.save(.keras): the same groups (layers/<class>[_N]/…/vars/i) holding the same values', async () => {
    const weightsOf = (zip: Uint8Array) => unzipSync(zip, { filter: (f) => f.name === 'model.weights.h5' })['model.weights.h5']!;
    const ours = await h5Layout(weightsOf(await exportOf('model-keras')));
    const keras = await h5Layout(weightsOf(fixture('mixed_kinds.keras')));
    expect(Object.keys(ours.datasets).sort()).toEqual(Object.keys(keras.datasets).sort());
    expect(ours.datasets).toEqual(keras.datasets);
  });
});
