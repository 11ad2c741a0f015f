/** How the tutorial picks the next word from a softmax: pure functions. */

export type Decoding = 'sample' | 'argmax';

/** `predict_classes`: the most probable id (the first of equals, as numpy's argmax). */
export function argmax(probabilities: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  return best;
}

/**
 * §5.4.1's `sample(p)`: one draw from the multinomial of `p` renormalised,
 * here with a temperature (`p^(1/T)`; 1 is the tutorial's draw, lower is
 * greedier).
 */
export function sampleIndex(probabilities: ArrayLike<number>, temperature: number, random: () => number = Math.random): number {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  const weights = Array.from(probabilities, (p) => Math.pow(Math.max(p, 0), 1 / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return argmax(probabilities);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

export function pick(probabilities: ArrayLike<number>, decoding: Decoding, temperature: number, random?: () => number): number {
  return decoding === 'argmax' ? argmax(probabilities) : sampleIndex(probabilities, temperature, random);
}
