import { describe, expect, it } from 'vitest';
import { mnistDir, hasMnist } from '../../test/dataDirs';
import { loadNativeTf } from '../../test/nativeBackend';
import { compileGraph } from '../engine/compile';
import { defaultParams } from '../engine/layers/registry';
import { chainGraph, layerNode } from '../engine/templates/build';
import type { StoredWeights } from '../engine/project/weights';
import { MNIST } from '../engine/datasets';
import { loadImageDataset } from '../node/datasets';
import { applyModelWeights, readModelWeights } from './weights';



/** A small deterministic generator, so both backends start from identical weights. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const native = loadNativeTf();

// No Dropout: its random mask would differ between backends by design.
const graph = chainGraph([
  layerNode('Input', 'input_1', { ...defaultParams('Input'), shape: [784] }),
  layerNode('Dense', 'dense_1', { ...defaultParams('Dense'), units: 32, activation: 'relu' }),
  layerNode('Dense', 'dense_2', { ...defaultParams('Dense'), units: 10, activation: 'softmax' }),
]);

describe.skipIf(!native.tf || !hasMnist())(`native and pure-JS backends agree${native.tf ? '' : ` (skipped: tfjs-node not loadable: ${native.reason})`}`, () => {
  it.each(['sgd', 'adadelta'] as const)('one %s step on the same MNIST batch gives the same loss and weights', async (optimizer) => {
    const tf = native.tf!;
    const compiled = compileGraph(graph);
    if (!compiled.ok) throw new Error('graph should compile');
    const data = await loadImageDataset(MNIST, 'train', { dataDirs: [mnistDir()], cacheDir: '/nonexistent' }, { limit: 64 });

    async function step(backend: 'cpu' | 'tensorflow', initial: StoredWeights | null) {
      expect(await tf.setBackend(backend)).toBe(true);
      const model = await tf.models.modelFromJSON({ modelTopology: compiled.ok ? compiled.modelTopology : {} } as never);
      if (initial) applyModelWeights(tf, model, initial);
      else {
        const random = mulberry32(42);
        const start = readModelWeights(model);
        const floats = new Float32Array(start.data.byteLength / 4).map(() => (random() - 0.5) * 0.2);
        applyModelWeights(tf, model, { specs: start.specs, data: new Uint8Array(floats.buffer) });
      }
      const before = readModelWeights(model);
      model.compile({
        optimizer: optimizer === 'sgd' ? tf.train.sgd(0.1) : tf.train.adadelta(1.0, 0.95, 1e-7),
        loss: 'categoricalCrossentropy',
      });
      const x = tf.tensor2d(data.images, [64, 784]).div(255);
      const y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10).toFloat();
      const loss = (await model.trainOnBatch(x, y)) as number;
      const after = readModelWeights(model);
      tf.dispose([x, y]);
      model.dispose();
      return { before, loss, after };
    }

    const js = await step('cpu', null);
    const nat = await step('tensorflow', js.before);
    expect(Number.isFinite(js.loss)).toBe(true);
    expect(Math.abs(nat.loss - js.loss)).toBeLessThan(1e-4 * Math.max(1, js.loss));
    const a = new Float32Array(js.after.data.slice().buffer);
    const b = new Float32Array(nat.after.data.slice().buffer);
    const moved = new Float32Array(js.before.data.slice().buffer).some((v, i) => Math.abs(v - a[i]!) > 1e-6);
    expect(moved).toBe(true);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i += 1) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeLessThan(1e-5);
  });
});
