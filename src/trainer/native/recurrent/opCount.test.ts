import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../../../test/nativeBackend';
import { countNativeOps } from '../rawOps';
import type { RecurrentKind } from './plan';
import { stockAndFused } from './testkit';

/**
 * Native ops (binding calls) per time step for one forward and backward
 * pass, fused against tfjs' own layer, without return_sequences as in the
 * IMDB templates. Counts, not timings, so the load of a shared machine does
 * not matter. Measured per step, stock → fused, at T = 40 here (T = 140 in
 * the templates, where the fixed part weighs less):
 *   GRU hard_sigmoid   101 → 17.7 (16.5)  raw loop: 11 forward, 5 backward
 *   GRU sigmoid         85 → 3.5  (2.4)   GRUBlockCell: 1 forward, 1 backward
 *   LSTM hard_sigmoid   92 → 19.0 (17.6)  raw loop: 11 forward, 6 backward
 *   LSTM sigmoid        68 → 0.3  (0.1)   BlockLSTMV2: 13 ops in all
 *   SimpleRNN tanh      31 → 5.6  (5.2)   raw loop: 3 forward, 2 backward
 */
const native = loadNativeTf();
const tf = native.tf!;
const STEPS = 40;

const cases: Array<[string, RecurrentKind, Record<string, unknown>, number]> = [
  // name, kind, params, the most fused ops per step allowed
  ['GRU hard_sigmoid', 'GRU', { activation: 'tanh', recurrent_activation: 'hard_sigmoid' }, 19],
  ['GRU sigmoid', 'GRU', { activation: 'tanh', recurrent_activation: 'sigmoid' }, 4],
  ['LSTM hard_sigmoid', 'LSTM', { activation: 'tanh', recurrent_activation: 'hard_sigmoid' }, 20],
  ['LSTM sigmoid', 'LSTM', { activation: 'tanh', recurrent_activation: 'sigmoid' }, 1],
  ['SimpleRNN tanh', 'SimpleRNN', { activation: 'tanh' }, 6],
];

function opsPerStep(model: TF.LayersModel, x: TF.Tensor): number {
  const variables = model.trainableWeights.map((w) => w.read() as TF.Variable);
  const loss = () => tf.sum(model.apply(x) as TF.Tensor) as TF.Scalar;
  tf.tidy(() => void tf.variableGrads(loss, variables).value.dataSync()); // build and warm outside the count
  const { ops } = countNativeOps(tf, () => tf.tidy(() => void tf.variableGrads(loss, variables).value.dataSync()));
  return ops / STEPS;
}

describe.skipIf(!native.tf)(`native ops per step, fused against stock${native.tf ? '' : ` (skipped: tfjs-node does not load: ${native.reason})`}`, () => {
  beforeAll(async () => {
    expect(await tf.setBackend('tensorflow')).toBe(true);
  });

  it.each(cases)('%s', async (_name, kind, params, most) => {
    const { stock, fused } = await stockAndFused(tf, { kind, params: { units: 8, ...params }, batch: 4, steps: STEPS, features: 6 });
    const x = tf.randomNormal([4, STEPS, 6]);
    const stockOps = opsPerStep(stock, x);
    const fusedOps = opsPerStep(fused, x);
    // At least 4× fewer; 4.8× for the raw LSTM, 5.7× to 200× for the others.
    expect(fusedOps).toBeLessThan(stockOps / 4);
    expect(fusedOps).toBeLessThanOrEqual(most);
    // And nothing is left behind by a training pass.
    const before = tf.memory().numTensors;
    opsPerStep(fused, x);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    stock.dispose();
    fused.dispose();
  });
});
