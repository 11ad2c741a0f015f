import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureKernelMicros, measureMatmulGflops } from './matmulSpeed';

describe('measureMatmulGflops', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('agrees with timing the same products by hand, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const measured = await measureMatmulGflops(tf);
    expect(tf.memory().numTensors).toBe(before);
    expect(measured).not.toBeNull();

    // Independent figure: a few 512×512 products timed here, 2·512³ FLOPs each.
    const a = tf.randomUniform([512, 512]);
    const b = tf.randomUniform([512, 512]);
    tf.matMul(a, b).dispose();
    const runs = 3;
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    }
    const byHand = (2 * 512 ** 3 * runs) / ((performance.now() - started) / 1000) / 1e9;
    tf.dispose([a, b]);
    // Same machine, same kernel: within a factor of 5 even on a busy CPU.
    expect(measured! / byHand).toBeGreaterThan(0.2);
    expect(measured! / byHand).toBeLessThan(5);
  });

  it('answers null, not an error, when the backend cannot multiply', async () => {
    const broken = { ...tf, matMul: () => { throw new Error('no matmul kernel'); } } as unknown as typeof tf;
    const before = tf.memory().numTensors;
    expect(await measureMatmulGflops(broken)).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('measureKernelMicros', () => {
  it('is the time of a chain of tiny adds divided by their number, and leaks no tensors', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const before = tf.memory().numTensors;
    const micros = await measureKernelMicros(tf);
    expect(tf.memory().numTensors).toBe(before);
    expect(micros).not.toBeNull();
    // Independent: 400 launches timed here. Same machine and kernel: within a factor of 10 on a busy CPU.
    const a = tf.ones([8, 8]);
    let x = tf.add(a, a);
    const started = performance.now();
    for (let i = 0; i < 400; i++) {
      const next = tf.add(x, a);
      x.dispose();
      x = next;
    }
    await x.data();
    const byHand = ((performance.now() - started) * 1000) / 400;
    tf.dispose([a, x]);
    expect(micros! / byHand).toBeGreaterThan(0.1);
    expect(micros! / byHand).toBeLessThan(10);
  });
});
