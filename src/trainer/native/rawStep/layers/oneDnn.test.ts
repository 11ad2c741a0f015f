import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadNativeTf } from '../../../../../test/nativeBackend';
import { requireRawOps } from '../../rawOps';
import { Constants } from '../constants';
import { maxPoolKernel } from './maxPool';
import { hasOneDnn, ONEDNN, oneDnnKernel } from './oneDnn';

const native = loadNativeTf();
const skipped = native.tf ? '' : ` (skipped: tfjs-node not loadable: ${native.reason})`;
// tfjs-node's libtensorflow for Linux x64 is built with oneDNN, on by default; elsewhere the probe may rightly say no.
const oneDnnExpected = process.platform === 'linux' && process.arch === 'x64' && process.env.TF_ENABLE_ONEDNN_OPTS !== '0';

describe.skipIf(!native.tf)(`oneDNN kernels in the raw step${skipped}`, () => {
  const tf = native.tf!;
  const ops = requireRawOps(tf);
  const kc = { ops, constants: new Constants(tf) };
  const { attr, exec } = ops;
  const maxDiff = (a: TF.Tensor, b: TF.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

  it.skipIf(!oneDnnExpected)('are found on Linux x64 with oneDNN on (the build the speed figures come from)', () => {
    expect(hasOneDnn(ops)).toBe(true);
  });

  it.skipIf(!oneDnnExpected)('pool with the same maxima and send every gradient where MaxPoolGrad does, ties included', () => {
    tf.tidy(() => {
      const pool = [...ops.T, attr.ints('ksize', [1, 2, 2, 1]), attr.ints('strides', [1, 2, 2, 1]), attr.string('padding', 'VALID'), attr.string('data_format', 'NHWC')];
      const fast = maxPoolKernel(kc, pool, true);
      const generic = maxPoolKernel(kc, pool, false);
      const random = tf.randomNormal([4, 6, 6, 3], 0, 1, 'float32', 3);
      // After a ReLU, whole windows are zero: every value ties.
      for (const x of [random, tf.relu(random), tf.zeros([2, 4, 4, 2])]) {
        const a = fast(x);
        const b = generic(x);
        expect(maxDiff(a.output, b.output)).toBe(0);
        const dy = tf.randomUniform(a.output.shape, 0.5, 1.5, 'float32', 4);
        const da = a.backward(dy);
        const db = b.backward(dy);
        // Each window's gradient lands on one element in both, so the sums agree exactly.
        expect(tf.sum(da).dataSync()[0]).toBeCloseTo(tf.sum(dy).dataSync()[0]!, 3);
        expect(maxDiff(da, db)).toBe(0);
      }
    });
  });

  it.skipIf(!oneDnnExpected)('convolve with the bias in one kernel as Conv2D and BiasAdd do', () => {
    tf.tidy(() => {
      const conv = [...ops.T, attr.ints('strides', [1, 1, 1, 1]), attr.string('padding', 'SAME'), attr.string('data_format', 'NHWC'), attr.ints('dilations', [1, 1, 1, 1]), attr.bool('use_cudnn_on_gpu', true)];
      const x = tf.randomNormal([3, 7, 7, 4], 0, 1, 'float32', 5);
      const kernel = tf.randomNormal([3, 3, 4, 6], 0, 1, 'float32', 6);
      const bias = tf.randomNormal([6], 0, 1, 'float32', 7);
      const fused = exec(ONEDNN.conv2dWithBias, [...conv, oneDnnKernel(ops)], [x, kernel, bias], 1)[0]!;
      const plain = ops.op('BiasAdd', [exec('Conv2D', conv, [x, kernel], 1)[0]!, bias]);
      expect(fused.shape).toEqual([3, 7, 7, 6]);
      expect(maxDiff(fused, plain)).toBeLessThan(1e-4);
    });
  });
});
