import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../test/nativeBackend';
import { KERAS1_OPTIMIZER_DEFAULTS, OptimizerSchema, type OptimizerSettings } from '../engine/training';
import { loadJsTfWithWasm, mulberry32 } from './kernels/harness';
import { countNativeOps, requireRawOps } from './native/rawOps';
import { liveResourceVariables, resourceVariableExists } from './native/resourceVariable';
import { kerasAdadelta, makeOptimizer, type OptimizerKind } from './optimizers';

type Tf = typeof TF;
const nodeRequire = createRequire(__filename);

/**
 * Keras 1.0.2's update rules (keras/optimizers.py) in plain float64 numbers,
 * one parameter at a time, written from Keras and not from the code under
 * test: the parameter after each step.
 */
type ByHand = (p0: number, gradients: number[]) => number[];

const byHand: Record<OptimizerKind, (lr: number) => ByHand> = {
  sgd: (lr) => (p0, gradients) => {
    let p = p0;
    return gradients.map((g) => (p -= lr * g));
  },
  adadelta: (lr) => (p0, gradients) => {
    const { rho, epsilon } = KERAS1_OPTIMIZER_DEFAULTS.adadelta;
    let [p, a, d] = [p0, 0, 0];
    return gradients.map((g) => {
      a = rho * a + (1 - rho) * g * g;
      const update = (g * Math.sqrt(d + epsilon)) / Math.sqrt(a + epsilon);
      p -= lr * update;
      d = rho * d + (1 - rho) * update * update;
      return p;
    });
  },
  adam: (lr) => (p0, gradients) => {
    const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
    let [p, m, v] = [p0, 0, 0];
    return gradients.map((g, i) => {
      const t = i + 1;
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      m = beta1 * m + (1 - beta1) * g;
      v = beta2 * v + (1 - beta2) * g * g;
      return (p -= (lrT * m) / (Math.sqrt(v) + epsilon));
    });
  },
  rmsprop: (lr) => (p0, gradients) => {
    const [rho, epsilon] = [0.9, 1e-6];
    let [p, a] = [p0, 0];
    return gradients.map((g) => {
      a = rho * a + (1 - rho) * g * g;
      return (p -= (lr * g) / (Math.sqrt(a) + epsilon));
    });
  },
};

/** Learning rates large enough that three steps move the weights well past float32 noise. */
const LEARNING_RATE: Record<OptimizerKind, number> = { sgd: 0.1, adadelta: 1, adam: 0.01, rmsprop: 0.01 };
const KINDS: OptimizerKind[] = ['sgd', 'adadelta', 'adam', 'rmsprop'];
const settingsFor = (kind: OptimizerKind): OptimizerSettings => OptimizerSchema.parse({ kind, learningRate: LEARNING_RATE[kind] });

const START = [0.5, -0.25, 2, 1];
/**
 * One gradient per step and parameter. The last parameter's 1e-6 is where ε's
 * place shows: Keras' RMSprop moves it by 0.76·lr where ε inside the square
 * root (tfjs) moves it by 0.001·lr, and Keras' Adam by 0.76·lr where ε on the
 * corrected v̂ (tfjs) moves it by 0.99·lr.
 */
const GRADIENTS = [
  [0.3, -0.02, 1.5, 1e-6],
  [0.1, 0.5, -1, 1e-6],
  [-0.2, 0.05, 0.7, 1e-6],
];

/** Applies the gradients of `steps` to `p`, one `applyGradients` each; the values after each step. */
function run(tf: Tf, optimizer: TF.Optimizer, p: TF.Variable, steps: number[][]): number[][] {
  return steps.map((g) => {
    const gradient = tf.tensor1d(g);
    optimizer.applyGradients({ [p.name]: gradient });
    gradient.dispose();
    return Array.from(p.dataSync());
  });
}

function expectClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `element ${i}: ${value} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance));
}

interface Backend {
  name: string;
  tf: Tf | null;
  backend: 'cpu' | 'wasm' | 'tensorflow';
}

const native = loadNativeTf();
const jsTf = nodeRequire('@tensorflow/tfjs') as Tf;
const wasm = await loadJsTfWithWasm().then(
  (tf) => ({ tf, reason: '' }),
  (error: Error) => ({ tf: null, reason: error.message.split('\n')[0]! }),
);
const BACKENDS: Backend[] = [
  { name: 'cpu', tf: jsTf, backend: 'cpu' },
  { name: `wasm${wasm.tf ? '' : ` (skipped: ${wasm.reason})`}`, tf: wasm.tf, backend: 'wasm' },
  { name: `native${native.tf ? '' : ` (skipped: ${native.reason})`}`, tf: native.tf, backend: 'tensorflow' },
];

/** tfjs and tfjs-node share one engine here, so every test selects its backend first. */
async function use({ tf, backend }: Backend): Promise<Tf> {
  expect(await tf!.setBackend(backend)).toBe(true);
  return tf!;
}

describe.each(BACKENDS)('Keras optimizers on $name', (backend) => {
  it.skipIf(!backend.tf).each(KINDS)('%s: the first three updates are Keras 1’s formula', async (kind) => {
    const tf = await use(backend);
    const p = tf.variable(tf.tensor1d(START));
    const optimizer = makeOptimizer(tf, settingsFor(kind));
    const seen = run(tf, optimizer, p, GRADIENTS);
    const expected = START.map((p0, i) => byHand[kind](LEARNING_RATE[kind])(p0, GRADIENTS.map((g) => g[i]!)));
    seen.forEach((values, step) => expectClose(values, expected.map((e) => e[step]!), 1e-6));
    optimizer.dispose();
    p.dispose();
  });

  it.skipIf(!backend.tf).each(KINDS)('%s: follows the variable when something else assigns it between steps', async (kind) => {
    const tf = await use(backend);
    const p = tf.variable(tf.tensor1d(START));
    const optimizer = makeOptimizer(tf, settingsFor(kind));
    run(tf, optimizer, p, GRADIENTS.slice(0, 2));
    // What model.setWeights does (LayerVariable.write → Variable.assign); the slots stay.
    const moved = START.map((x) => x + 1);
    p.assign(tf.tensor1d(moved));
    const held = p.clone(); // shares the buffer the variable holds now
    const [after] = run(tf, optimizer, p, GRADIENTS.slice(2));
    const oneStep = START.map((p0, i) => {
      const g = GRADIENTS.map((gs) => gs[i]!);
      const path = byHand[kind](LEARNING_RATE[kind])(p0, g);
      return moved[i]! + (path[2]! - path[1]!);
    });
    expectClose(after!, oneStep, 1e-6);
    expectClose(Array.from(held.dataSync()), moved, 0);
    tf.dispose([held, p]);
    optimizer.dispose();
  });

  it.skipIf(!backend.tf).each(KINDS)('%s: keeps its state across getWeights and setWeights', async (kind) => {
    const tf = await use(backend);
    const p = tf.variable(tf.tensor1d(START));
    const a = makeOptimizer(tf, settingsFor(kind));
    run(tf, a, p, GRADIENTS.slice(0, 2));
    const saved = await a.getWeights();
    const b = makeOptimizer(tf, settingsFor(kind));
    await b.setWeights(saved);
    tf.dispose(saved.map((w) => w.tensor));
    const before = Array.from(p.dataSync());
    const [viaA] = run(tf, a, p, GRADIENTS.slice(2));
    p.assign(tf.tensor1d(before));
    const [viaB] = run(tf, b, p, GRADIENTS.slice(2));
    expectClose(viaB!, viaA!, 1e-7);
    expect(b.iterations).toBe(3);
    tf.dispose(p);
    a.dispose();
    b.dispose();
  });

  it.skipIf(!backend.tf).each(KINDS)('%s: dispose frees every tensor it made', async (kind) => {
    const tf = await use(backend);
    const p = tf.variable(tf.tensor1d(START));
    const before = tf.memory().numTensors;
    const optimizer = makeOptimizer(tf, settingsFor(kind));
    run(tf, optimizer, p, GRADIENTS);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    p.dispose();
  });
});

describe('Keras Adadelta', () => {
  it('moves a weight by g·√ε/√((1−ρ)g² + ε) on its first step, not by tfjs’ g·√ε/√ε = g', async () => {
    const tf = await use(BACKENDS[0]!);
    const p = tf.variable(tf.tensor1d([0.5]));
    const optimizer = kerasAdadelta(tf, { learningRate: 1, rho: 0.95, epsilon: 1e-6 });
    const [[after]] = run(tf, optimizer, p, [[0.3]]) as [[number]];
    expect(0.5 - after).toBeCloseTo((0.3 * Math.sqrt(1e-6)) / Math.sqrt(0.05 * 0.09 + 1e-6), 6);
    optimizer.dispose();
    p.dispose();
  });
});

describe('optimizer settings', () => {
  it('take Keras 1.0.2’s defaults where the settings leave them open', () => {
    expect(KERAS1_OPTIMIZER_DEFAULTS.adadelta).toEqual({ rho: 0.95, epsilon: 1e-6 });
    const config = (settings: object) => makeOptimizer(jsTf, OptimizerSchema.parse(settings)).getConfig();
    expect(config({ kind: 'adadelta', learningRate: 1 })).toEqual({ learningRate: 1, rho: 0.95, epsilon: 1e-6 });
    expect(config({ kind: 'adadelta', learningRate: 0.5, epsilon: 1e-8 })).toEqual({ learningRate: 0.5, rho: 0.95, epsilon: 1e-8 });
    expect(config({ kind: 'sgd', learningRate: 0.01 })).toEqual({ learningRate: 0.01 });
    expect(config({ kind: 'adam', learningRate: 0.001 })).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(config({ kind: 'rmsprop', learningRate: 0.001 })).toEqual({ learningRate: 0.001, rho: 0.9, epsilon: 1e-6 });
  });
});

const nativeBackend = BACKENDS[2]!;

describe.skipIf(!native.tf)('fused optimizers on native TensorFlow', () => {
  const FUSED_OP: Record<OptimizerKind, string> = {
    sgd: 'ResourceApplyGradientDescent',
    adadelta: 'ResourceApplyAdadelta',
    adam: 'ResourceApplyAdam',
    rmsprop: 'ResourceApplyAdam', // with β1 = 0: see rules.ts
  };

  it.each(KINDS)('%s: one fused op and one read per variable per step, by default', async (kind) => {
    const tf = await use(nativeBackend);
    const variables = [tf.variable(tf.ones([3, 2])), tf.variable(tf.ones([2]))];
    const gradients = variables.map((v) => tf.onesLike(v));
    const optimizer = makeOptimizer(tf, settingsFor(kind));
    const step = () => optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, gradients[i]!])));
    step(); // the first step also makes the resource variables
    const { ops, byName } = countNativeOps(tf, step);
    expect(Object.fromEntries(byName)).toEqual({ [FUSED_OP[kind]]: 2, ReadVariableOp: 2 });
    expect(ops).toBe(4);
    optimizer.dispose();
    tf.dispose([...variables, ...gradients]);
  });

  it.each(KINDS)('%s: dispose destroys its resource variables in TensorFlow', async (kind) => {
    const tf = await use(nativeBackend);
    const ops = requireRawOps(tf);
    const before = liveResourceVariables();
    const p = tf.variable(tf.tensor1d(START));
    const optimizer = makeOptimizer(tf, settingsFor(kind));
    run(tf, optimizer, p, GRADIENTS);
    const made = [...liveResourceVariables()].filter((name) => !before.has(name));
    expect(made.length).toBe({ sgd: 1, adadelta: 3, adam: 3, rmsprop: 3 }[kind]);
    for (const name of made) expect(resourceVariableExists(ops, name)).toBe(true);
    optimizer.dispose();
    for (const name of made) expect(resourceVariableExists(ops, name)).toBe(false);
    expect([...liveResourceVariables()].filter((name) => made.includes(name))).toEqual([]);
    p.dispose();
  });

  it('refuses to step after the backend moved away from native', async () => {
    const tf = await use(nativeBackend);
    const optimizer = makeOptimizer(tf, settingsFor('adam'));
    await use(BACKENDS[0]!);
    const p = tf.variable(tf.tensor1d([1]));
    const g = tf.tensor1d([1]);
    expect(() => optimizer.applyGradients({ [p.name]: g })).toThrow(/native TensorFlow/);
    optimizer.dispose();
    tf.dispose([p, g]);
  });

  it.each(KINDS)('%s: model.fit ends with the same weights fused as with the tfjs formula, across a setWeights', async (kind) => {
    const tf = await use(nativeBackend);
    const random = mulberry32(7);
    const rows = 32;
    const x = tf.tensor2d(Float32Array.from({ length: rows * 5 }, () => random() * 2 - 1), [rows, 5]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, () => Math.floor(random() * 3)), 'int32'), 3).toFloat();
    const initial = (scale: number) => [[5, 8], [8], [8, 3], [3]].map((shape) => tf.randomUniform(shape, -scale, scale, 'float32', 11));

    async function train(fused: boolean): Promise<Float32Array[]> {
      const model = tf.sequential({
        layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5] }), tf.layers.dense({ units: 3, activation: 'softmax' })],
      });
      const optimizer = makeOptimizer(tf, settingsFor(kind), { fused });
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      const first = initial(0.5);
      model.setWeights(first);
      await model.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
      // A reload mid-run: the fused state must take the new weights, keeping its slots.
      const second = initial(0.3);
      model.setWeights(second);
      await model.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
      const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      const start = second.map((w) => w.dataSync() as Float32Array);
      const moved = weights.some((w, i) => w.some((v, j) => Math.abs(v - start[i]![j]!) > 1e-3));
      expect(moved).toBe(true);
      tf.dispose([...first, ...second]);
      model.dispose();
      optimizer.dispose();
      return weights;
    }

    const fused = await train(true);
    const formula = await train(false);
    let maxDiff = 0;
    fused.forEach((w, i) => w.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - formula[i]![j]!)))));
    expect(maxDiff).toBeLessThan(1e-5);
    tf.dispose([x, y]);
  });
});
