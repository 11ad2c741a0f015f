import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../engine/compile';
import { TEMPLATES } from '../../engine/templates';
import { applyModelWeights } from '../../trainer/weights';
import { importKerasBytes, type KerasImport } from './importKeras';

/** Written by bench/make_keras_fixtures.py with TensorFlow 2.15. */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/keras');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'tiny_mlp_expected.json'), 'utf8')) as { input: number[][]; output: number[][] };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The imported graph with the imported weights predicts what Keras predicted for the fixture's input. */
async function expectKerasPredictions(imported: KerasImport): Promise<void> {
  const compiled = compileGraph(imported.graph);
  if (!compiled.ok) throw new Error('imported graph does not compile');
  const model = await tf.models.modelFromJSON({ modelTopology: compiled.modelTopology as never });
  try {
    applyModelWeights(tf, model, imported.weights!);
    const output = tf.tidy(() => (model.predict(tf.tensor2d(expected.input)) as tf.Tensor).arraySync() as number[][]);
    output.flat().forEach((value, i) => expect(value).toBeCloseTo(expected.output.flat()[i]!, 5));
  } finally {
    model.dispose();
  }
}

describe.each(['tiny_mlp.h5', 'tiny_mlp.keras'])('importing %s', (file) => {
  it('gives the MLP and weights that predict what Keras predicted', async () => {
    const imported = await importKerasBytes(fixture(file), `/somewhere/${file}`);
    expect(imported.problems).toEqual([]);
    expect(imported.graph.nodes.map((n) => [n.name, n.kind])).toEqual([['features', 'Input'], ['hidden', 'Dense'], ['probabilities', 'Dense']]);
    expect(imported.graph.nodes[1]!.params).toMatchObject({ units: 8, activation: 'relu' });
    expect(imported.run).toMatchObject({ name: `Imported from ${file}`, status: 'completed', hasWeights: true });
    await expectKerasPredictions(imported);
  });
});

describe('a JSON model with a separate weights file (model.to_json() + model.save_weights(), as the tutorial saves)', () => {
  it('gives the MLP with the weights file\'s weights', async () => {
    const imported = await importKerasBytes(fixture('tiny_mlp.json'), 'tiny_mlp.json', { bytes: fixture('tiny_mlp_weights.h5'), fileName: 'tiny_mlp_weights.h5' });
    expect(imported.problems).toEqual([]);
    expect(imported.run).toMatchObject({ name: 'Imported from tiny_mlp.json + tiny_mlp_weights.h5', hasWeights: true });
    await expectKerasPredictions(imported);
  });

  it('says so when the weights file is a full model: its weights are used, its own config is not', async () => {
    const imported = await importKerasBytes(fixture('tiny_mlp.h5'), 'tiny_mlp.h5', { bytes: fixture('tiny_mlp.h5'), fileName: 'other.h5' });
    expect(imported.weights).not.toBeNull();
    expect(imported.problems).toEqual(['The weights in other.h5 were used instead of those saved in tiny_mlp.h5.']);
  });

  it('names the weights file when it is not HDF5, and a weights-only file opened as the model', async () => {
    await expect(importKerasBytes(fixture('tiny_mlp.json'), 'tiny_mlp.json', { bytes: fixture('tiny_mlp.json'), fileName: '/x/w.json' })).rejects.toThrow(
      /^weights file \/x\/w\.json: not an HDF5 file/,
    );
    await expect(importKerasBytes(fixture('tiny_mlp_weights.h5'), 'tiny_mlp_weights.h5')).rejects.toThrow(/holds weights only \(model.save_weights\)/);
  });

  it('drops weights that do not fit the model and says which layer', async () => {
    const other = await importKerasBytes(fixture('keras1_sentiment.json'), 'keras1_sentiment.json', { bytes: fixture('tiny_mlp_weights.h5'), fileName: 'tiny_mlp_weights.h5' });
    expect(other.weights).toBeNull();
    expect(other.run).toBeNull();
    expect(other.problems.join('\n')).toMatch(/tiny_mlp_weights\.h5: The weights were not imported: layer '\w+' \(\w+\) needs \d+ weight tensors but the file has 0/);
  });
});

describe('Keras 1 JSON (the tutorial IMDB model, hand-written)', () => {
  it('reads the Keras 1 names into the sentiment layers', async () => {
    const imported = await importKerasBytes(fixture('keras1_sentiment.json'), 'keras1_sentiment.json');
    expect(imported.problems).toEqual([]);
    expect(imported.run).toBeNull();
    expect(imported.graph.nodes.map((n) => [n.kind, n.params])).toEqual([
      ['Input', { shape: [140] }],
      ['Embedding', { input_dim: 20000, output_dim: 100, input_length: 140, embeddings_initializer: 'glorot_uniform' }],
      ['GRU', { units: 128, activation: 'tanh', recurrent_activation: 'hard_sigmoid', return_sequences: false }],
      ['Dropout', { rate: 0.5 }],
      ['Dense', { units: 1, activation: 'sigmoid', use_bias: true }],
    ]);
  });
});

describe('weight names and shapes', () => {
  // The trainer applies weights by name when the file names every weight (src/trainer/weights.ts), so the
  // importer must name each tensor as tfjs names it, with its shape; where tfjs' order is reproduced too
  // (single-input models), positions agree as well.
  for (const template of TEMPLATES) {
    it(`are tfjs' model.weights for ${template.id}`, async () => {
      const compiled = compileGraph(template.graph);
      if (!compiled.ok) throw new Error('template does not compile');
      const model = await tf.models.modelFromJSON({ modelTopology: compiled.modelTopology as never });
      const { arrangeKerasWeights } = await import('../../engine/interchange/fromKerasWeights');
      // Per layer, tensors in the layer's own order, as a Keras file lists them.
      const byLayer = new Map<string, { shape: number[]; values: Float32Array }[]>();
      for (const layer of model.layers) {
        byLayer.set(layer.name, layer.weights.map((w) => ({ shape: w.shape as number[], values: new Float32Array((w.shape as number[]).reduce((a, b) => a * b, 1)) })));
      }
      const arranged = arrangeKerasWeights(template.graph, byLayer);
      expect(arranged.problems).toEqual([]);
      const named = (list: { name: string; shape: readonly number[] }[]) => list.map((w) => `${w.name} [${w.shape.join(',')}]`);
      const ours = named(arranged.weights!.specs);
      const tfjs = named(model.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] })));
      expect([...ours].sort()).toEqual([...tfjs].sort());
      if (model.inputs.length === 1) expect(ours).toEqual(tfjs);
      model.dispose();
    }, 180_000);
  }
});
