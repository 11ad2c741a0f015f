import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { StoredWeights } from '../engine/project/weights';
import { applyModelWeights, readModelWeights } from './weights';

function twoInputModel(): tf.LayersModel {
  const a = tf.input({ shape: [3], name: 'in_a' });
  const b = tf.input({ shape: [2], name: 'in_b' });
  const da = tf.layers.dense({ units: 4, name: 'branch_a' }).apply(a) as tf.SymbolicTensor;
  const db = tf.layers.dense({ units: 4, name: 'branch_b' }).apply(b) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([da, db]) as tf.SymbolicTensor;
  return tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 1, name: 'out' }).apply(sum) as tf.SymbolicTensor });
}

/** The same tensors listed in reverse order, as a file of another tool may list its layers. */
function reversed(stored: StoredWeights): StoredWeights {
  const sizes = stored.specs.map((s) => 4 * s.shape.reduce((x, y) => x * y, 1));
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    chunks.push(stored.data.slice(offset, offset + size));
    offset += size;
  }
  const data = new Uint8Array(stored.data.length);
  let at = 0;
  for (const chunk of [...chunks].reverse()) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return { specs: [...stored.specs].reverse(), data };
}

describe('applyModelWeights', () => {
  it('matches weights by name when the file names every weight, whatever their order', () => {
    const source = twoInputModel();
    const target = twoInputModel();
    const saved = readModelWeights(source);
    applyModelWeights(tf, target, reversed(saved));
    expect(Array.from(readModelWeights(target).data)).toEqual(Array.from(saved.data));
    source.dispose();
    target.dispose();
  });

  it('falls back to positions when the names are not the model\'s, and names the weight on a shape mismatch', () => {
    const source = twoInputModel();
    const target = twoInputModel();
    const saved = readModelWeights(source);
    const renamed = { ...saved, specs: saved.specs.map((s, i) => ({ ...s, name: `w${i}` })) };
    applyModelWeights(tf, target, renamed);
    expect(Array.from(readModelWeights(target).data)).toEqual(Array.from(saved.data));
    expect(() => applyModelWeights(tf, target, { ...renamed, specs: [...renamed.specs].reverse() })).toThrow(/Saved weight w5 has shape \[1\] but the model expects \[3,4\]/);
    source.dispose();
    target.dispose();
  });
});
