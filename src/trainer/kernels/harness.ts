import { createRequire } from 'node:module';
import type { Tf } from '../tfBackend';

const nodeRequire = createRequire(__filename);

/** For tests and measure.ts: pure-JS tfjs with the wasm backend registered beside cpu, no kernels of ours yet. */
export async function loadJsTfWithWasm(): Promise<Tf> {
  const tf = nodeRequire('@tensorflow/tfjs') as Tf;
  nodeRequire('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise');
  return tf;
}

/** A small deterministic generator for test data. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
