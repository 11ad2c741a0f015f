import * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../test/nativeBackend';
import { getTemplate } from '../engine/templates';
import { planTraining } from '../engine/trainingPlan';
import { buildCompiledModel } from './compileModel';
import { disposeModel } from './disposeModel';
import { prepareTrainingStep } from './trainingStep';

const native = loadNativeTf();

async function trainAndDispose(tf: typeof tfjs) {
  // tfjs caches a few scalars on first use (epsilon and the like): one run first, so they are not counted.
  await trainOnce(tf);
  const before = tf.memory().numTensors;
  const step = await trainOnce(tf);
  return { before, after: tf.memory().numTensors, step };
}

async function trainOnce(tf: typeof tfjs) {
  const template = getTemplate('mlp-mnist')!;
  const result = planTraining(template.graph, template.training);
  if (!result.ok) throw new Error('mlp-mnist should plan');
  const compiled = await buildCompiledModel(tf, result.plan.modelTopology, result.plan, template.training);
  const step = prepareTrainingStep(tf, compiled, result.plan);
  const x = tf.randomUniform([64, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10).toFloat());
  await compiled.model.fit(x, y, { batchSize: 32, epochs: 1, verbose: 0 });
  tf.dispose([x, y]);
  step.dispose();
  disposeModel(compiled.model);
  return step.note;
}

describe('a finished run frees its model, optimizer and training step', () => {
  it('on pure-JS tfjs (tfjs’ own step)', async () => {
    await tfjs.setBackend('cpu');
    const { before, after, step } = await trainAndDispose(tfjs);
    expect(step).toMatch(/^tfjs training step/);
    expect(after).toBe(before);
  });

  it.skipIf(!native.tf)(`on native TensorFlow (the raw step)${native.tf ? '' : ` (skipped: ${native.reason})`}`, async () => {
    // tfjs-node and tfjs share one engine: the other test may have left it on cpu.
    await native.tf!.setBackend('tensorflow');
    const { before, after, step } = await trainAndDispose(native.tf!);
    expect(step).toBe('raw TensorFlow training step');
    expect(after).toBe(before);
  });
});
