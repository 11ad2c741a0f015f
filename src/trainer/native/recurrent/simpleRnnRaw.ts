import type * as TF from '@tensorflow/tfjs';
import type { RawActivation } from './activations';
import { outputGradients, sequenceGrad } from './sequenceGrad';
import type { SeqOps } from './seqOps';

/**
 * A SimpleRNN, h′ = act(x·K + h·R + b), over a whole sequence in raw
 * TensorFlow ops (TensorFlow has no fused op for it). Inputs: `xw` [T, B, U],
 * every step's x·K′ + b′ (activation scale and shift folded in), and the
 * folded recurrent kernel [U, U]. Returns every h′, [T, B, U], or with
 * `lastOnly` the last one, [B, U].
 * Native ops per step: 3 forward (2 for a linear activation), 3 backward
 * (2 with `lastOnly`).
 */
export function rawSimpleRnnStates(s: SeqOps, act: RawActivation, xw: TF.Tensor, recurrentKernel: TF.Tensor, lastOnly: boolean): TF.Tensor {
  const { tf } = s;
  const [steps, batch, units] = xw.shape as [number, number, number];
  const kernel = sequenceGrad(tf, ([xwIn, rIn], save) => {
    const XW = s.unstack(xwIn!, steps);
    let h = tf.zeros([batch, units]);
    const previous: TF.Tensor[] = [];
    const states: TF.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const next = act.apply(s, s.add(s.matMul(h, rIn!), XW[t]!));
      previous.push(h);
      states.push(next);
      h = next;
    }
    const H = s.stack(states);
    save([rIn!, s.stack(previous), H]);
    return {
      value: lastOnly ? h : H,
      gradFunc: (dy, saved) => {
        const [sR, HP, sH] = saved as [TF.Tensor, TF.Tensor, TF.Tensor];
        const slope = act.slope(tf, sH);
        const dhOut = outputGradients(s, dy, steps, lastOnly);
        const slopes = slope ? s.unstack(slope, steps) : null;
        const das = new Array<TF.Tensor>(steps);
        let dhNext: TF.Tensor | null = null;
        for (let t = steps - 1; t >= 0; t--) {
          const dh = dhOut(t, dhNext);
          const da = slopes ? s.mul(dh, slopes[t]!) : dh;
          if (t > 0) dhNext = s.matMul(da, sR, true);
          das[t] = da;
        }
        const DA = s.stack(das);
        const rows = steps * batch;
        return [DA, tf.matMul(tf.reshape(HP, [rows, units]), tf.reshape(DA, [rows, units]), true)];
      },
    };
  });
  return kernel(xw, recurrentKernel);
}
