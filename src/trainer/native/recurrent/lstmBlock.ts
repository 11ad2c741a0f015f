import type * as TF from '@tensorflow/tfjs';
import type { RecurrentWeights } from './sequence';
import { sequenceGrad } from './sequenceGrad';
import type { SeqOps } from './seqOps';

/**
 * A sigmoid-gated, tanh LSTM over the whole sequence with TensorFlow's fused
 * `BlockLSTMV2` forward and `BlockLSTMGradV2` backward: one native op each
 * way, whatever the length. Its gate columns are i|f|c|o like tfjs', its
 * weight is [kernel; recurrent kernel] ([F + U, 4U]); no peepholes, no cell
 * clip (V2 clips only for cell_clip > 0, and has no forget_bias: Keras'
 * unit_forget_bias is the bias initializer's business). `x` is time-major
 * [T, B, F]; returns every h, [T, B, U].
 */
export function lstmBlockStates(s: SeqOps, x: TF.Tensor, weights: RecurrentWeights): TF.Tensor {
  const { tf, raw } = s;
  const units = weights.recurrentKernel.shape[0]!;
  const [steps, batch] = x.shape as [number, number, number];
  const w = tf.concat([weights.kernel, weights.recurrentKernel], 0);
  const b = weights.bias ?? tf.zeros([4 * units]);
  const sequenceLength = raw.int64Scalar(steps);
  const forwardAttrs = [...raw.T, raw.attr.float('cell_clip', 0), raw.attr.bool('use_peephole', false)];
  const backwardAttrs = [...raw.T, raw.attr.bool('use_peephole', false)];

  const kernel = sequenceGrad(tf, ([xIn, wIn, bIn], save) => {
    const state = tf.zeros([batch, units]);
    const peephole = tf.zeros([units]);
    const outputs = raw.exec('BlockLSTMV2', forwardAttrs, [sequenceLength, xIn!, state, state, wIn!, peephole, peephole, peephole, bIn!], 7);
    // i, cs, f, o, ci, co, h
    save([xIn!, wIn!, bIn!, ...outputs]);
    return {
      value: outputs[6]!,
      gradFunc: (dy, saved) => {
        const [sX, sW, sB, i, cs, f, o, ci, co, h] = saved as [TF.Tensor, TF.Tensor, TF.Tensor, ...TF.Tensor[]];
        const zeroState = tf.zeros([batch, units]);
        const zeroPeephole = tf.zeros([units]);
        const grads = raw.exec(
          'BlockLSTMGradV2',
          backwardAttrs,
          [sequenceLength, sX, zeroState, zeroState, sW, zeroPeephole, zeroPeephole, zeroPeephole, sB, i!, cs!, f!, o!, ci!, co!, h!, tf.zerosLike(cs!), dy],
          8,
        );
        // x, cs_prev, h_prev, w, wci, wcf, wco, b
        return [grads[0]!, grads[3]!, grads[7]!];
      },
    };
  });
  return kernel(x, w, b);
}
