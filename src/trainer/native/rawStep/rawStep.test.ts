import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../../../test/nativeBackend';
import { compileGraph } from '../../../engine/compile';
import type { Graph } from '../../../engine/graph';
import { defaultParams } from '../../../engine/layers/registry';
import { chainGraph, layerNode } from '../../../engine/templates/build';
import { getTemplate, TEMPLATES } from '../../../engine/templates';
import type { TrainingSettings } from '../../../engine/training';
import { planTraining, type TrainingPlan } from '../../../engine/trainingPlan';
import { buildCompiledModel } from '../../compileModel';
import { requireRawOps } from '../rawOps';
import { installRawTrainStep, planRawStep, rawForwardBackward } from '.';

const native = loadNativeTf();
const skipped = native.tf ? '' : ` (skipped: tfjs-node not loadable: ${native.reason})`;

/** The parts of a compiled tfjs model its own train function reads; not in tfjs' public types. */
interface CompiledInternals {
  lossFunctions: ((y: TF.Tensor, p: TF.Tensor) => TF.Tensor)[];
  metricsTensors: [(y: TF.Tensor, p: TF.Tensor) => TF.Tensor, number][];
}

/** A template's graph with Dropout at 0: a random mask cannot be compared with the tape's. */
function withoutDropout(graph: Graph): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.kind === 'Dropout' ? { ...n, params: { ...n.params, rate: 0 } } : n)) };
}

function plannedTemplate(id: string): { plan: TrainingPlan; settings: TrainingSettings } {
  const template = getTemplate(id)!;
  const result = planTraining(withoutDropout(template.graph), template.training);
  if (!result.ok) throw new Error(`template ${id} does not plan`);
  return { plan: result.plan, settings: template.training };
}

/** A batch the model can take: word ids below each Embedding's vocabulary, images in [0, 1), targets as each loss reads them. */
function randomBatch(tf: typeof TF, model: TF.LayersModel, plan: Pick<TrainingPlan, 'outputs'>, size: number): TF.Tensor[] {
  const inputs = model.inputs.map((input) => {
    const shape = [size, ...input.shape.slice(1)] as number[];
    const embedding = model.layers.find((l) => l.getClassName() === 'Embedding' && l.input === input);
    if (!embedding) return tf.randomUniform(shape, 0, 1, 'float32', 7);
    const vocabulary = (embedding.getConfig() as { inputDim: number }).inputDim;
    return tf.randomUniform(shape, 0, Math.min(vocabulary, 50), 'int32', 8).toFloat();
  });
  const targets = model.outputs.map((output, i) => {
    const units = output.shape.at(-1)!;
    const rest = output.shape.slice(1, -1) as number[];
    switch (plan.outputs[i]!.loss) {
      case 'categorical_crossentropy':
        return tf.oneHot(tf.randomUniform([size, ...rest], 0, units, 'int32', 9), units).toFloat();
      case 'sparse_categorical_crossentropy':
        return tf.randomUniform([size, ...rest, 1], 0, units, 'int32', 10).toFloat();
      case 'binary_crossentropy':
        return tf.randomUniform([size, ...rest, units], 0, 2, 'int32', 11).toFloat();
      default:
        return tf.randomUniform([size, ...rest, units], 0, 1, 'float32', 12);
    }
  });
  return [...inputs, ...targets];
}

function maxRelativeDifference(tf: typeof TF, a: TF.Tensor, b: TF.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / Math.max(1e-3, tf.max(tf.abs(b)).dataSync()[0]!));
}

const RECURRENT = /gru|lstm|encdec/;

/** Compares the raw step with tfjs' tape on one batch; returns how each layer ran. */
function expectRawStepEqualsTape(tf: typeof TF, model: TF.LayersModel, plan: Pick<TrainingPlan, 'outputs'>): string[] {
  const raw = planRawStep(tf, requireRawOps(tf), model, plan.outputs);
  if ('unsupported' in raw) throw new Error(raw.unsupported);
  const data = randomBatch(tf, model, plan, 6);
  const inputs = data.slice(0, model.inputs.length);
  const targets = data.slice(model.inputs.length);
  const internals = model as unknown as CompiledInternals;
  const variables = model.trainableWeights.map((w) => w.read() as TF.Variable);
  tf.tidy(() => {
    const ours = rawForwardBackward(raw, data);
    const forward = () => {
      const applied = model.apply(inputs, { training: true });
      return (Array.isArray(applied) ? applied : [applied]) as TF.Tensor[];
    };
    const tape = tf.variableGrads(() => {
      const outputs = forward();
      return tf.addN(internals.lossFunctions.map((fn, i) => tf.mean(fn(targets[i]!, outputs[i]!)))) as TF.Scalar;
    }, variables);
    const outputs = forward();
    expect(Object.keys(ours.gradients).sort()).toEqual(variables.map((v) => v.name).sort());
    expect(ours.values[0]!.dataSync()[0]).toBeCloseTo(tape.value.dataSync()[0]!, 4);
    const metrics = internals.metricsTensors.map(([fn, i]) => tf.mean(fn(targets[i]!, outputs[i]!)).dataSync()[0]!);
    // With several outputs tfjs' metricsTensors start with each output's loss, as the raw step's values do.
    expect(ours.values.slice(1).map((v) => v.dataSync()[0]!)).toEqual(metrics.map((m) => expect.closeTo(m, 4)));
    for (const variable of variables) {
      expect(maxRelativeDifference(tf, ours.gradients[variable.name] as TF.Tensor, tape.grads[variable.name]!), variable.name).toBeLessThan(2e-4);
    }
  });
  tf.dispose(data);
  raw.kc.constants.dispose();
  return raw.layers.map((l) => `${l.layer.name}: ${l.how}`);
}

describe.skipIf(!native.tf)(`the raw training step${skipped}`, () => {
  // Every template: the raw forward and hand-written backward against tfjs' gradient tape on the same batch.
  it.each(TEMPLATES.map((t) => t.id).filter((id) => !RECURRENT.test(id)))('%s: loss, metrics and every gradient equal the tape’s', async (id) => {
    const tf = native.tf!;
    const { plan, settings } = plannedTemplate(id);
    const { model } = await buildCompiledModel(tf, plan.modelTopology, plan, settings);
    const how = expectRawStepEqualsTape(tf, model, plan);
    // The CNNs' last convolution, its ReLU and the pooling run as one kernel that pools first.
    if (id.startsWith('cnn')) expect(how).toContain('conv2d_2: raw (conv2d_2 + activation_2 + max_pooling2d_1 pooled first)');
    else expect(how.every((h) => h.endsWith(': raw'))).toBe(true);
    model.dispose();
  });

  // Recurrent layers spend their step in the forward over time: replayed on the tape it would run twice.
  it.each(TEMPLATES.map((t) => t.id).filter((id) => RECURRENT.test(id)))('%s keeps tfjs’ step (with its fused recurrent layers), naming the layer', async (id) => {
    const tf = native.tf!;
    const { plan, settings } = plannedTemplate(id);
    const { model } = await buildCompiledModel(tf, plan.modelTopology, plan, settings);
    const install = installRawTrainStep(tf, model, plan.outputs);
    expect(install.installed).toBe(false);
    expect(install.note).toMatch(/^tfjs training step: layer '(gru|lstm)_1' \(\w*(GRU|LSTM)\): .*a replay would run its forward over time twice/);
    model.dispose();
  });

  it('replays a layer without a raw kernel on the tape, and the gradients still equal the tape’s', async () => {
    const tf = native.tf!;
    const graph = chainGraph([
      layerNode('Input', 'input_1', { ...defaultParams('Input'), shape: [12, 3] }),
      layerNode('Conv1D', 'conv1d_1', { ...defaultParams('Conv1D'), filters: 4, kernel_size: 3, activation: 'relu' }),
      layerNode('GlobalMaxPooling1D', 'global_max_pooling1d_1', defaultParams('GlobalMaxPooling1D')),
      layerNode('Dense', 'dense_1', { ...defaultParams('Dense'), units: 3, activation: 'softmax' }),
    ]);
    const compiled = compileGraph(graph);
    if (!compiled.ok) throw new Error('graph should compile');
    const plan = { outputs: [{ layer: 'dense_1', target: 'label', loss: 'categorical_crossentropy' as const, weight: 1, metrics: ['accuracy' as const] }] } as Pick<TrainingPlan, 'outputs'>;
    const { model } = await buildCompiledModel(tf, compiled.modelTopology as Record<string, unknown>, plan, getTemplate('mlp-mnist')!.training);
    const raw = expectRawStepEqualsTape(tf, model, plan);
    expect(raw).toEqual(['conv1d_1: tape (no raw kernel for Conv1D)', 'global_max_pooling1d_1: tape (no raw kernel for GlobalMaxPooling1D)', 'dense_1: raw']);
    model.dispose();
  });

  it('trains through fit like tfjs’ own step: same weights after three epochs from the same start', async () => {
    const tf = native.tf!;
    const graph = chainGraph([
      layerNode('Input', 'input_1', { ...defaultParams('Input'), shape: [8, 8, 1] }),
      layerNode('Conv2D', 'conv2d_1', { ...defaultParams('Conv2D'), filters: 4, kernel_size: [3, 3], activation: 'relu' }),
      layerNode('MaxPooling2D', 'max_pooling2d_1', { ...defaultParams('MaxPooling2D') }),
      layerNode('Flatten', 'flatten_1', defaultParams('Flatten')),
      layerNode('Dense', 'dense_1', { ...defaultParams('Dense'), units: 3, activation: 'softmax' }),
    ]);
    const compiled = compileGraph(graph);
    if (!compiled.ok) throw new Error('graph should compile');
    const settings = { ...getTemplate('cnn-mnist')!.training };
    const heads = [{ layer: 'dense_1', target: 'label', loss: 'categorical_crossentropy' as const, weight: 1, metrics: ['accuracy' as const] }];
    const build = () => buildCompiledModel(tf, compiled.modelTopology as Record<string, unknown>, { outputs: heads }, settings);
    const stock = await build();
    const fast = await build();
    fast.model.setWeights(stock.model.getWeights());
    const start = stock.model.getWeights().map((w) => w.clone());
    const install = installRawTrainStep(tf, fast.model, heads);
    expect(install).toMatchObject({ installed: true, note: 'raw TensorFlow training step' });
    const x = tf.randomUniform([40, 8, 8, 1], 0, 1, 'float32', 3);
    const y = tf.oneHot(tf.randomUniform([40], 0, 3, 'int32', 4), 3).toFloat();
    const args = { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 as const };
    const stockHistory = await stock.model.fit(x, y, args);
    const fastHistory = await fast.model.fit(x, y, args);
    // The same logs (Keras' names after renaming), epoch by epoch.
    expect(Object.keys(fastHistory.history).sort()).toEqual(Object.keys(stockHistory.history).sort());
    for (const [key, values] of Object.entries(stockHistory.history)) {
      expect(fastHistory.history[key]!.map(Number)).toEqual(values.map((v) => expect.closeTo(Number(v), 4)));
    }
    for (const [i, w] of stock.model.getWeights().entries()) {
      expect(maxRelativeDifference(tf, w, start[i]!), 'training moved the weights').toBeGreaterThan(1e-3);
      expect(maxRelativeDifference(tf, fast.model.getWeights()[i]!, w)).toBeLessThan(1e-4);
    }
    tf.dispose(start);
    // Further epochs leave no tensors behind (the optimizer's slots exist since the first).
    const tensorsBefore = tf.memory().numTensors;
    await fast.model.fit(x, y, args);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    install.dispose();
    tf.dispose([x, y]);
    stock.model.dispose();
    fast.model.dispose();
  });

  it('draws a fresh dropout mask per batch and sends the gradient through the kept units only', async () => {
    const tf = native.tf!;
    const { plan, settings } = plannedTemplate('mlp-mnist');
    const topology = JSON.parse(JSON.stringify(plan.modelTopology).replace(/"rate":0\b/, '"rate":0.5')) as Record<string, unknown>;
    const { model } = await buildCompiledModel(tf, topology, plan, settings);
    const raw = planRawStep(tf, requireRawOps(tf), model, plan.outputs);
    if ('unsupported' in raw) throw new Error(raw.unsupported);
    const dropout = raw.layers.find((l) => l.layer.getClassName() === 'Dropout')!;
    tf.tidy(() => {
      const x = tf.randomUniform([32, 64], 1, 2);
      const first = dropout.kernel.forward([x], { training: true, needsInputGradient: [true] });
      const second = dropout.kernel.forward([x], { training: true, needsInputGradient: [true] });
      const kept = first.output.notEqual(0);
      const share = kept.toFloat().mean().dataSync()[0]!;
      expect(share).toBeGreaterThan(0.35);
      expect(share).toBeLessThan(0.65);
      // Kept units are scaled by 1/keep; the others are zero, and so is their gradient.
      expect(maxRelativeDifference(tf, tf.where(kept, first.output, tf.zerosLike(x)), tf.where(kept, x.mul(2), tf.zerosLike(x)))).toBeLessThan(1e-6);
      const dy = tf.onesLike(x);
      expect(first.backward(dy).inputs[0]!.arraySync()).toEqual(first.output.div(x).arraySync());
      expect(second.output.notEqual(first.output).any().dataSync()[0]).toBe(1);
      // Not training: the identity.
      expect(dropout.kernel.forward([x], { training: false, needsInputGradient: [true] }).output).toBe(x);
    });
    raw.kc.constants.dispose();
    model.dispose();
  });

  it('keeps tfjs’ own step where a replay would be wrong, naming the layer and the reason', async () => {
    const tf = native.tf!;
    const graph = chainGraph([
      layerNode('Input', 'input_1', { ...defaultParams('Input'), shape: [6] }),
      layerNode('Dense', 'dense_1', { ...defaultParams('Dense'), units: 4 }),
      layerNode('BatchNormalization', 'batch_normalization_1', defaultParams('BatchNormalization')),
      layerNode('Dense', 'dense_2', { ...defaultParams('Dense'), units: 2, activation: 'softmax' }),
    ]);
    const compiled = compileGraph(graph);
    if (!compiled.ok) throw new Error('graph should compile');
    const plan = { outputs: [{ layer: 'dense_2', target: 'label', loss: 'categorical_crossentropy' as const, weight: 1, metrics: [] }] } as Pick<TrainingPlan, 'outputs'>;
    const { model } = await buildCompiledModel(tf, compiled.modelTopology as Record<string, unknown>, plan, getTemplate('mlp-mnist')!.training);
    const install = installRawTrainStep(tf, model, plan.outputs);
    expect(install.installed).toBe(false);
    // Its moving averages would move twice.
    expect(install.note).toBe(
      "tfjs training step: layer 'batch_normalization_1' (BatchNormalization): no raw kernel for BatchNormalization, and it cannot replay on the tape: it updates non-trainable weights while training",
    );
    model.dispose();
  });
});
