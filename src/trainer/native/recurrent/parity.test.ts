import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../../../test/nativeBackend';
import { isFusedRecurrentLayer } from './layers';
import type { RecurrentKind } from './plan';
import { outputAndGradients, relativeError, stockAndFused, type LayerCase } from './testkit';

/**
 * The fused layers against tfjs' own on the same weights, on native
 * TensorFlow: output, and gradients of a random-coefficient loss with
 * respect to the input and every weight. float32 with a different order of
 * operations (and the hard sigmoid's 0.2·a + 0.5 folded into the weights)
 * agrees to ~1e-7 of the largest value; the bound is 1e-5.
 */
const native = loadNativeTf();
const tf = native.tf!;
const TOLERANCE = 1e-5;

interface ParityCase extends LayerCase {
  /** Which kernel the case must get. */
  kernel: 'block' | 'raw';
}

function cases(): ParityCase[] {
  const out: ParityCase[] = [];
  const shape = { batch: 5, steps: 7, features: 4 };
  for (const kind of ['GRU', 'LSTM', 'SimpleRNN'] as RecurrentKind[]) {
    for (const gates of ['sigmoid', 'hard_sigmoid'] as const) {
      for (const returnSequences of [false, true]) {
        for (const goBackwards of [false, true]) {
          // SimpleRNN has no gates: the activation itself varies.
          const params =
            kind === 'SimpleRNN'
              ? { units: 3, activation: gates, return_sequences: returnSequences }
              : { units: 3, activation: 'tanh', recurrent_activation: gates, return_sequences: returnSequences };
          const kernel = kind !== 'SimpleRNN' && gates === 'sigmoid' ? 'block' : 'raw';
          out.push({ kind, params, keras: { go_backwards: goBackwards }, ...shape, kernel });
        }
      }
    }
  }
  // The raw loops with other activations, and without a bias.
  out.push({ kind: 'GRU', params: { units: 4, activation: 'relu', recurrent_activation: 'sigmoid', return_sequences: true }, ...shape, kernel: 'raw' });
  out.push({ kind: 'LSTM', params: { units: 4, activation: 'relu', recurrent_activation: 'sigmoid', return_sequences: true }, ...shape, kernel: 'raw' });
  out.push({ kind: 'SimpleRNN', params: { units: 4, activation: 'tanh', return_sequences: true }, keras: { use_bias: false }, ...shape, kernel: 'raw' });
  out.push({ kind: 'SimpleRNN', params: { units: 4, activation: 'linear', return_sequences: false }, ...shape, kernel: 'raw' });
  for (const kind of ['GRU', 'LSTM'] as RecurrentKind[]) {
    for (const gates of ['sigmoid', 'hard_sigmoid'] as const) {
      out.push({
        kind,
        params: { units: 4, activation: 'tanh', recurrent_activation: gates, return_sequences: false },
        keras: { use_bias: false },
        ...shape,
        kernel: gates === 'sigmoid' ? 'block' : 'raw',
      });
    }
  }
  return out;
}

function label(c: ParityCase): string {
  const keras = c.keras ? Object.entries(c.keras).map(([k, v]) => `${k}=${String(v)}`) : [];
  const params = Object.entries(c.params)
    .filter(([k]) => k !== 'units')
    .map(([k, v]) => `${k}=${String(v)}`);
  return `${c.kind} ${[...params, ...keras].join(' ')} (${c.kernel})`;
}

describe.skipIf(!native.tf)(`fused recurrent layers match tfjs' own${native.tf ? '' : ` (skipped: tfjs-node does not load: ${native.reason})`}`, () => {
  beforeAll(async () => {
    expect(await tf.setBackend('tensorflow')).toBe(true);
  });

  it.each(cases().map((c) => [label(c), c] as const))('%s', async (_label, c) => {
    const { stock, fused } = await stockAndFused(tf, c);
    const layer = fused.getLayer('rnn');
    expect(isFusedRecurrentLayer(layer) && layer.kernelChoice).toMatchObject({ fused: true, kernel: c.kernel });
    expect(layer.getClassName()).toBe(c.kind);
    expect(fused.weights.map((w) => w.originalName)).toEqual(stock.weights.map((w) => w.originalName));

    // Spread wide enough that a fair share of hard-sigmoid gates sit in their clipped, zero-gradient range (|a| > 2.5).
    const x = tf.variable(tf.randomNormal([c.batch, c.steps, c.features], 0, 2.5, 'float32', 7));
    const outShape = stock.outputs[0]!.shape.map((d) => d ?? c.batch);
    const coefficients = tf.randomNormal(outShape, 0, 1, 'float32', 8);
    const a = outputAndGradients(tf, stock, x, coefficients);
    const b = outputAndGradients(tf, fused, x, coefficients);
    expect(b.output.shape).toEqual(a.output.shape);
    expect(relativeError(tf, a.output, b.output)).toBeLessThan(TOLERANCE);
    // x, kernel, recurrent kernel[, bias]
    expect(b.grads).toHaveLength(a.grads.length);
    const names = ['x', ...stock.trainableWeights.map((w) => w.originalName)];
    const errors = Object.fromEntries(a.grads.map((g, i) => [names[i], relativeError(tf, g, b.grads[i]!)]));
    for (const [name, error] of Object.entries(errors)) expect(error, `gradient of ${name}`).toBeLessThan(TOLERANCE);
    tf.dispose([x, coefficients, a.output, b.output, ...a.grads, ...b.grads]);
    stock.dispose();
    fused.dispose();
  });
});
