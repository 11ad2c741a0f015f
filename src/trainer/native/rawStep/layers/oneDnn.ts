import type { OpAttr, RawOps } from '../../rawOps';

/**
 * oneDNN's own kernels, which TensorFlow's graph rewrite gives Keras but eager
 * TensorFlow runs only when asked by their internal names (x86 builds with
 * oneDNN on, as tfjs-node's libtensorflow 2.9.1 is). Measured on cnn-mnist's
 * shapes (docs/training-speed.md): max pooling with its workspace, forward
 * 0.20 against 0.67 ms and gradient 0.24 against 4.3 ms; a convolution with
 * its bias in one kernel, 0.42 against 0.54 + 0.45 ms.
 */
export const ONEDNN = {
  maxPool: '_MklNativeMaxPool',
  maxPoolGrad: '_MklNativeMaxPoolGrad',
  conv2dWithBias: '_MklNativeConv2DWithBias',
} as const;

/** The label these kernels are registered under, which an eager call must name. */
export function oneDnnKernel(ops: RawOps): OpAttr {
  return ops.attr.string('_kernel', 'MklNameChangeOp');
}

const available = new WeakMap<RawOps, boolean>();

/**
 * Whether this TensorFlow runs the oneDNN kernels above, with the right
 * values: probed once per process on tiny inputs (a 2×2 pooling and its
 * gradient, a 1×1 convolution with bias). `TF_ENABLE_ONEDNN_OPTS=0` or a build
 * without oneDNN answers false, and the layers use TensorFlow's generic ops.
 */
export function hasOneDnn(ops: RawOps): boolean {
  let known = available.get(ops);
  if (known === undefined) {
    known = probe(ops);
    available.set(ops, known);
  }
  return known;
}

function probe(ops: RawOps): boolean {
  const { tf, attr } = ops;
  return tf.tidy(() => {
    try {
      const x = tf.tensor4d([1, 4, 3, 2], [1, 2, 2, 1]);
      const pool = [...ops.T, attr.ints('ksize', [1, 2, 2, 1]), attr.ints('strides', [1, 2, 2, 1]), attr.string('padding', 'VALID'), attr.string('data_format', 'NHWC'), attr.bool('workspace_enabled', true), oneDnnKernel(ops)];
      const [y, workspace] = ops.exec(ONEDNN.maxPool, pool, [x], 2);
      const dx = ops.exec(ONEDNN.maxPoolGrad, pool, [x, y!, tf.ones([1, 1, 1, 1]), workspace!], 1)[0]!;
      const conv = [...ops.T, attr.ints('strides', [1, 1, 1, 1]), attr.string('padding', 'VALID'), attr.string('data_format', 'NHWC'), attr.ints('dilations', [1, 1, 1, 1]), attr.bool('use_cudnn_on_gpu', true), oneDnnKernel(ops)];
      const z = ops.exec(ONEDNN.conv2dWithBias, conv, [x, tf.tensor4d([2], [1, 1, 1, 1]), tf.tensor1d([1])], 1)[0]!;
      // The maximum (4, the second value) takes the whole gradient; the convolution doubles and adds 1.
      return y!.dataSync()[0] === 4 && dx.dataSync().join(',') === '0,1,0,0' && z.dataSync().join(',') === '3,9,7,5';
    } catch {
      return false;
    }
  });
}
