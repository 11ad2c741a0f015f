import * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../test/nativeBackend';
import { KERAS1_OPTIMIZER_DEFAULTS, OptimizerSchema } from '../engine/training';
import { kerasAdadelta, makeOptimizer } from './optimizers';

/**
 * Keras' Adadelta written out in plain numbers, one parameter at a time:
 * a ← ρa + (1−ρ)g²; Δ = g·√(d+ε)/√(a+ε); p ← p − lr·Δ; d ← ρd + (1−ρ)Δ².
 */
function kerasAdadeltaByHand(p0: number, gradients: number[], lr: number, rho: number, eps: number): number[] {
  let p = p0;
  let a = 0;
  let d = 0;
  const values: number[] = [];
  for (const g of gradients) {
    a = rho * a + (1 - rho) * g * g;
    const delta = (g * Math.sqrt(d + eps)) / Math.sqrt(a + eps);
    p -= lr * delta;
    d = rho * d + (1 - rho) * delta * delta;
    values.push(p);
  }
  return values;
}

const native = loadNativeTf();
const backends: [string, typeof tfjs | null][] = [
  ['cpu (pure JS)', tfjs],
  [`native${native.tf ? '' : ` (skipped: ${native.reason})`}`, native.tf],
];

describe.each(backends)('Keras Adadelta on %s', (_name, tfOrNull) => {
  it.skipIf(!tfOrNull)('pins the first three updates to the Keras formula, not tfjs’ (lr 1, ρ 0.95, ε 1e-6)', () => {
    const tf = tfOrNull!;
    // Loss = Σ c·p, so the gradient of each parameter is its own constant c on every step.
    const start = [0.5, -0.25, 2];
    const slopes = [0.3, -0.02, 1.5];
    const p = tf.variable(tf.tensor1d(start));
    const c = tf.tensor1d(slopes);
    const optimizer = kerasAdadelta(tf, { learningRate: 1, rho: 0.95, epsilon: 1e-6 });
    const seen: number[][] = [];
    for (let step = 0; step < 3; step++) {
      optimizer.minimize(() => tf.sum(tf.mul(p, c)) as tfjs.Scalar);
      seen.push(Array.from(p.dataSync()));
    }
    slopes.forEach((g, i) => {
      const expected = kerasAdadeltaByHand(start[i]!, [g, g, g], 1, 0.95, 1e-6);
      expected.forEach((value, step) => expect(seen[step]![i]).toBeCloseTo(value, 6));
    });
    // The first step moves each weight by g·√ε/√((1−ρ)g² + ε) ≈ 0.0045, not by tfjs' g·√ε/√ε = g.
    expect(start[0]! - seen[0]![0]!).toBeCloseTo((0.3 * Math.sqrt(1e-6)) / Math.sqrt(0.05 * 0.09 + 1e-6), 6);
    expect(Math.abs(start[2]! - seen[0]![2]!)).toBeLessThan(0.01);
    tf.dispose([p, c]);
    optimizer.dispose();
  });

  it.skipIf(!tfOrNull)('keeps its state across a save and restore of its weights', async () => {
    const tf = tfOrNull!;
    const p = tf.variable(tf.tensor1d([1, 2]));
    const loss = () => tf.sum(tf.square(p)) as tfjs.Scalar;
    const a = kerasAdadelta(tf, { learningRate: 1, rho: 0.95, epsilon: 1e-6 });
    a.minimize(loss);
    const saved = await a.getWeights();
    const b = kerasAdadelta(tf, { learningRate: 1, rho: 0.95, epsilon: 1e-6 });
    await b.setWeights(saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
    const before = Array.from(p.dataSync());
    a.minimize(loss);
    const viaA = Array.from(p.dataSync());
    p.assign(tf.tensor1d(before));
    b.minimize(loss);
    expect(Array.from(p.dataSync())).toEqual(viaA);
    expect(b.iterations).toBe(2);
    tf.dispose(p);
  });
});

describe('optimizer defaults', () => {
  it('are Keras 1.0.2’s: Adadelta ρ 0.95 and ε 1e-6 when the settings leave them open', () => {
    expect(KERAS1_OPTIMIZER_DEFAULTS.adadelta).toEqual({ rho: 0.95, epsilon: 1e-6 });
    const settings = OptimizerSchema.parse({ kind: 'adadelta', learningRate: 1 });
    const optimizer = makeOptimizer(tfjs, settings);
    expect(optimizer.getConfig()).toEqual({ learningRate: 1, rho: 0.95, epsilon: 1e-6 });
    const custom = makeOptimizer(tfjs, OptimizerSchema.parse({ kind: 'adadelta', learningRate: 0.5, epsilon: 1e-8 }));
    expect(custom.getConfig()).toEqual({ learningRate: 0.5, rho: 0.95, epsilon: 1e-8 });
  });
});
