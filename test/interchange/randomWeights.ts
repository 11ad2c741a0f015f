import type * as TF from '@tensorflow/tfjs';

/** A small seeded generator (mulberry32), so a rerun gives both sides the same numbers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Replaces every weight with seeded values in [-0.5, 0.5) (a moving variance
 * in [0.5, 1.5), as a variance must be positive). Initial weights hide layout
 * mistakes: biases start at zero, and a BatchNormalization's statistics at
 * 0 and 1, so a bias or a statistic landing in the wrong slot would go unseen.
 */
export function randomizeWeights(tf: typeof TF, model: TF.LayersModel, random: () => number): void {
  for (const variable of model.weights) {
    const variance = /moving_variance/.test(variable.originalName);
    const size = variable.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const values = Float32Array.from({ length: size }, () => (variance ? 0.5 : -0.5) + random());
    const value = tf.tensor(values, variable.shape as number[]);
    variable.write(value);
    value.dispose();
  }
}
