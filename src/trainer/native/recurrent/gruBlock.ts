import type * as TF from '@tensorflow/tfjs';
import { columns, type RecurrentWeights } from './sequence';
import { outputGradients, sequenceGrad } from './sequenceGrad';
import type { SeqOps } from './seqOps';

/**
 * A sigmoid-gated, tanh GRU (reset_after=False) with TensorFlow's fused
 * `GRUBlockCell` per step forward and `GRUBlockCellGrad` backward:
 *
 *   [r u] = σ([x, h]·W_ru + b_ru)    c = tanh([x, r∘h]·W_c + b_c)    h′ = u∘h + (1−u)∘c
 *
 * which is tfjs' GRU with u = z. `x` is time-major [T, B, F]; returns every
 * h′, [T, B, U], or with `lastOnly` the last one, [B, U]. Native ops per
 * step: 1 forward, 2 backward (1 with `lastOnly`). The weight
 * gradients are computed here in bulk over all steps (the op computes none;
 * its documentation has the two weight formulas swapped).
 */
export function gruBlockStates(s: SeqOps, x: TF.Tensor, weights: RecurrentWeights, lastOnly: boolean): TF.Tensor {
  const { tf, raw } = s;
  const units = weights.recurrentKernel.shape[0]!;
  const features = weights.kernel.shape[0]!;
  // tfjs' z|r|h columns → the op's [x; h] rows and r|u column order.
  const gate = (m: TF.Tensor, g: number) => columns(tf, m, g * units, units);
  const wRu = tf.concat(
    [tf.concat([gate(weights.kernel, 1), gate(weights.kernel, 0)], 1), tf.concat([gate(weights.recurrentKernel, 1), gate(weights.recurrentKernel, 0)], 1)],
    0,
  );
  const wC = tf.concat([gate(weights.kernel, 2), gate(weights.recurrentKernel, 2)], 0);
  const bias = weights.bias ?? tf.zeros([3 * units]);
  const bRu = tf.concat([gate(bias, 1), gate(bias, 0)], 0);
  const bC = gate(bias, 2);
  const [steps, batch] = x.shape as [number, number, number];

  const kernel = sequenceGrad(tf, ([xIn, wRuIn, wCIn, bRuIn, bCIn], save) => {
    const X = s.unstack(xIn!, steps);
    let h = tf.zeros([batch, units]);
    const L = { hp: [] as TF.Tensor[], r: [] as TF.Tensor[], u: [] as TF.Tensor[], c: [] as TF.Tensor[], h: [] as TF.Tensor[] };
    for (let t = 0; t < steps; t++) {
      const [r, u, c, next] = raw.exec('GRUBlockCell', raw.T, [X[t]!, h, wRuIn!, wCIn!, bRuIn!, bCIn!], 4) as [TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor];
      L.hp.push(h);
      L.r.push(r);
      L.u.push(u);
      L.c.push(c);
      L.h.push(next);
      h = next;
    }
    save([xIn!, wRuIn!, wCIn!, bRuIn!, bCIn!, s.stack(L.hp), s.stack(L.r), s.stack(L.u), s.stack(L.c)]);
    return {
      value: lastOnly ? h : s.stack(L.h),
      gradFunc: (dy, saved) => {
        const [sX, sWru, sWc, sBru, sBc, HP, R, U, C] = saved as TF.Tensor[] as [TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor];
        const [Xs, HPs, Rs, Us, Cs] = [sX, HP, R, U, C].map((t) => s.unstack(t, steps)) as TF.Tensor[][] as [TF.Tensor[], TF.Tensor[], TF.Tensor[], TF.Tensor[], TF.Tensor[]];
        const dhOut = outputGradients(s, dy, steps, lastOnly);
        const dxs = new Array<TF.Tensor>(steps);
        const dcs = new Array<TF.Tensor>(steps);
        const drus = new Array<TF.Tensor>(steps);
        let dhNext: TF.Tensor | null = null;
        for (let t = steps - 1; t >= 0; t--) {
          const dh = dhOut(t, dhNext);
          const [dx, dhPrev, dcBar, druBar] = raw.exec('GRUBlockCellGrad', raw.T, [Xs[t]!, HPs[t]!, sWru, sWc, sBru, sBc, Rs[t]!, Us[t]!, Cs[t]!, dh], 4) as [
            TF.Tensor,
            TF.Tensor,
            TF.Tensor,
            TF.Tensor,
          ];
          dxs[t] = dx;
          dcs[t] = dcBar;
          drus[t] = druBar;
          dhNext = dhPrev;
        }
        const rows = steps * batch;
        const dRu = tf.reshape(s.stack(drus), [rows, 2 * units]);
        const dC = tf.reshape(s.stack(dcs), [rows, units]);
        // d W_ru = [x, h_prev]ᵀ·d(r u)̄ ; d W_c = [x, r∘h_prev]ᵀ·d c̄, over all steps at once.
        const xh = tf.reshape(tf.concat([sX, HP], 2), [rows, features + units]);
        const xrh = tf.reshape(tf.concat([sX, tf.mul(R, HP)], 2), [rows, features + units]);
        return [s.stack(dxs), tf.matMul(xh, dRu, true), tf.matMul(xrh, dC, true), tf.sum(dRu, 0), tf.sum(dC, 0)];
      },
    };
  });
  return kernel(x, wRu, wC, bRu, bC);
}
