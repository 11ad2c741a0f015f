import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../tfBackend';
import { loadJsTfWithWasm, mulberry32 } from './harness';
import { registerFastKernels } from './index';

let tf: Tf;

beforeAll(async () => {
  tf = await loadJsTfWithWasm();
  registerFastKernels(tf, 'wasm');
});

const random = mulberry32(11);
const randomFloats = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);

/** Relative error as max |a − b| / max |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}

type Case = { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; strides: number | [number, number]; pad: 'valid' | 'same' };

const cases: Case[] = [
  { name: 'MNIST-like 3x3 valid', x: [8, 28, 28, 1], filter: [3, 3, 1, 8], strides: 1, pad: 'valid' },
  { name: '3x3 valid, many channels', x: [4, 12, 12, 16], filter: [3, 3, 16, 8], strides: 1, pad: 'valid' },
  { name: '3x3 same', x: [4, 13, 11, 3], filter: [3, 3, 3, 6], strides: 1, pad: 'same' },
  { name: '5x4 same', x: [3, 10, 9, 2], filter: [5, 4, 2, 4], strides: 1, pad: 'same' },
  { name: '3x3 stride 2 valid (crops an unused row)', x: [4, 14, 13, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { name: '3x3 stride 2 same', x: [4, 14, 13, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: '2x3 strides [2,3] same', x: [2, 11, 16, 2], filter: [2, 3, 2, 3], strides: [2, 3], pad: 'same' },
];

describe('wasm Conv2D gradients (Conv2DBackpropFilter, and Conv2DBackpropInput at stride 1) as XNNPACK conv2d', () => {
  it.each(cases)('match cpu kernel gradients: $name', async ({ x: xShape, filter: fShape, strides, pad }) => {
    const xValues = randomFloats(xShape.reduce((a, b) => a * b, 1));
    const fValues = randomFloats(fShape.reduce((a, b) => a * b, 1));

    async function gradients(backend: 'cpu' | 'wasm') {
      expect(await tf.setBackend(backend)).toBe(true);
      const before = tf.memory().numTensors;
      const [dInput, dFilter, dBias] = tf.tidy(() => {
        // A non-uniform upstream gradient: d(loss)/d(out) = out, plus a bias and relu like a Conv2D layer.
        const loss = (x: TF.Tensor4D, f: TF.Tensor4D, b: TF.Tensor1D) =>
          tf.fused.conv2d({ x, filter: f, strides, pad, bias: b, activation: 'relu' }).square().sum().div(2);
        return tf.grads(loss as (...args: TF.Tensor[]) => TF.Tensor)([
          tf.tensor4d(xValues, xShape),
          tf.tensor4d(fValues, fShape),
          tf.fill([fShape[3]], 0.1),
        ]);
      });
      const result = { input: dInput!.dataSync().slice(), filter: dFilter!.dataSync().slice(), shape: dFilter!.shape, bias: dBias!.dataSync().slice() };
      tf.dispose([dInput!, dFilter!, dBias!]);
      expect(tf.memory().numTensors).toBe(before);
      return result;
    }

    const cpu = await gradients('cpu');
    const wasmBackend = tf.findBackend('wasm')!;
    const dataIdsBefore = wasmBackend.numDataIds();
    const wasm = await gradients('wasm');
    expect(wasmBackend.numDataIds()).toBe(dataIdsBefore);
    expect(wasm.shape).toEqual(fShape);
    expect(relativeError(wasm.filter, cpu.filter)).toBeLessThan(2e-4);
    expect(relativeError(wasm.input, cpu.input)).toBeLessThan(2e-4);
    expect(relativeError(wasm.bias, cpu.bias)).toBeLessThan(2e-4);
  });

  it('Conv2DBackpropFilter names the configuration it cannot handle', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const x = tf.zeros([1, 2, 5, 5]);
    const dy = tf.zeros([1, 4, 3, 3]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 4] })).toThrow(
      /Conv2DBackpropFilter \(wasm\) supports only dataFormat 'NHWC'.*strides 1, pad "valid"/,
    );
    tf.dispose([x, dy]);
  });
});

describe('wasm BatchMatMul with transposed operands', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('transposeA %s, transposeB %s matches cpu, batched and broadcast', async (transposeA, transposeB) => {
    const shapes: [number[], number[]][] = [
      [transposeA ? [37, 20] : [20, 37], transposeB ? [9, 37] : [37, 9]],
      [transposeA ? [3, 37, 20] : [3, 20, 37], transposeB ? [1, 9, 37] : [1, 37, 9]],
    ];
    for (const [aShape, bShape] of shapes) {
      const aValues = randomFloats(aShape.reduce((p, d) => p * d, 1));
      const bValues = randomFloats(bShape.reduce((p, d) => p * d, 1));
      const product = async (backend: 'cpu' | 'wasm') => {
        expect(await tf.setBackend(backend)).toBe(true);
        const out = tf.tidy(() => tf.matMul(tf.tensor(aValues, aShape), tf.tensor(bValues, bShape), transposeA, transposeB));
        const result = { shape: out.shape, values: out.dataSync().slice() };
        out.dispose();
        return result;
      };
      const cpu = await product('cpu');
      const wasmBackend = tf.findBackend('wasm')!;
      const dataIdsBefore = wasmBackend.numDataIds();
      const wasm = await product('wasm');
      expect(wasmBackend.numDataIds()).toBe(dataIdsBefore);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(relativeError(wasm.values, cpu.values)).toBeLessThan(1e-5);
    }
  });
});
