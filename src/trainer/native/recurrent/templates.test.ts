import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../../../test/nativeBackend';
import { getTemplate } from '../../../engine/templates';
import { planTraining, type TrainingPlan } from '../../../engine/trainingPlan';
import { buildCompiledModel } from '../../compileModel';
import { applyModelWeights, readModelWeights } from '../../weights';
import { isFusedRecurrentLayer } from './layers';
import { loadModel, relativeError } from './testkit';

/**
 * The templates' networks as the trainer builds them (`buildCompiledModel`
 * on native TensorFlow): recurrent layers load as the fused classes, their
 * weights are the stock model's in names, shapes and order, and a training
 * step matches the stock model's from the same weights.
 */
const native = loadNativeTf();
const tf = native.tf!;

function plan(id: string): TrainingPlan & { settings: NonNullable<ReturnType<typeof getTemplate>>['training'] } {
  const template = getTemplate(id)!;
  const planned = planTraining(template.graph, template.training);
  if (!planned.ok) throw new Error(planned.issues.map((issue) => issue.message).join('; '));
  return { ...planned.plan, settings: template.training };
}

const NOTES: Record<string, string[]> = {
  'gru-imdb': ['gru_1: fused GRU (hard_sigmoid gates, raw TF ops)'],
  'gru2-imdb': ['gru_1: fused GRU (hard_sigmoid gates, raw TF ops)', 'gru_2: fused GRU (hard_sigmoid gates, raw TF ops)'],
  'lstm-imdb': ['lstm_1: fused LSTM (hard_sigmoid gates, raw TF ops)'],
  'lstm-lm-alice': ['lstm_1: fused LSTM (hard_sigmoid gates, raw TF ops)'],
  'encdec-jaen': ['gru_1', 'gru_2', 'gru_3'].map((name) => `${name}: fused GRU (hard_sigmoid gates, raw TF ops)`),
};

describe.skipIf(!native.tf)(`templates build with fused recurrent layers${native.tf ? '' : ` (skipped: tfjs-node does not load: ${native.reason})`}`, () => {
  beforeAll(async () => {
    expect(await tf.setBackend('tensorflow')).toBe(true);
  });

  it.each(Object.keys(NOTES))('%s: fused classes, notes, and the stock model’s weights', async (id) => {
    const p = plan(id);
    const { model, kernelNotes } = await buildCompiledModel(tf, p.modelTopology as unknown as Record<string, unknown>, p, p.settings);
    const stock = await loadModel(tf, p.modelTopology);
    expect(kernelNotes).toEqual(NOTES[id]);
    const recurrent = model.layers.filter((layer) => ['GRU', 'LSTM', 'SimpleRNN'].includes(layer.getClassName()));
    expect(recurrent.length).toBe(NOTES[id]!.length);
    for (const layer of recurrent) expect(isFusedRecurrentLayer(layer)).toBe(true);
    // Saved weights: the same names, shapes and order, and they load into the stock model.
    const saved = readModelWeights(model);
    expect(saved.specs).toEqual(readModelWeights(stock).specs);
    applyModelWeights(tf, stock, saved);
    expect(Buffer.from(readModelWeights(stock).data).equals(Buffer.from(saved.data))).toBe(true);
    model.dispose();
    stock.dispose();
  });

  it.each(['gru-imdb', 'gru2-imdb', 'lstm-imdb'])('%s: one training step as the stock model’s', async (id) => {
    const p = plan(id);
    const { model } = await buildCompiledModel(tf, p.modelTopology as unknown as Record<string, unknown>, p, p.settings);
    const stock = await loadModel(tf, p.modelTopology);
    applyModelWeights(tf, stock, readModelWeights(model));
    const batch = 6;
    const steps = model.inputs[0]!.shape[1]!;
    // Word ids (a few zeros, as padding gives), and labels.
    const x = tf.tidy(() => tf.floor(tf.mul(tf.randomUniform([batch, steps], 0, 1, 'float32', 5), tf.linspace(0, 400, steps))));
    const y = tf.tensor2d([1, 0, 1, 1, 0, 0], [batch, 1]);
    expect(relativeError(tf, stock.predict(x) as TF.Tensor, model.predict(x) as TF.Tensor)).toBeLessThan(1e-5);
    // The trainer's own compile trains the fused model.
    const own = (await model.trainOnBatch(x, y)) as number[] | number;
    expect(Number.isFinite(Array.isArray(own) ? own[0] : own)).toBe(true);
    // A training step leaves no tensors behind.
    const tensors = tf.memory().numTensors;
    await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(tensors);
    // The same SGD step on both, from the same weights: the same loss and updated weights. Over 140 steps
    // (two layers in gru2-imdb) float32 rounding in a different order differs by up to ~2e-5 of a weight
    // (the GRU biases start at zero, so that is of their update).
    applyModelWeights(tf, model, readModelWeights(stock));
    for (const m of [model, stock]) m.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
    const losses = [(await model.trainOnBatch(x, y)) as number, (await stock.trainOnBatch(x, y)) as number];
    expect(Math.abs(losses[0]! - losses[1]!)).toBeLessThan(1e-5);
    const after = [model, stock].map((m) => m.weights.map((w) => w.read()));
    after[0]!.forEach((w, i) => expect(relativeError(tf, after[1]![i]!, w), model.weights[i]!.originalName).toBeLessThan(1e-4));
    tf.dispose([x, y]);
    model.dispose();
    stock.dispose();
  }, 60_000);
});
