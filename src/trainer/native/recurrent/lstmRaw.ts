import type * as TF from '@tensorflow/tfjs';
import type { RawActivation } from './activations';
import { outputGradients, sequenceGrad } from './sequenceGrad';
import type { SeqOps } from './seqOps';

/**
 * An LSTM over a whole sequence in raw TensorFlow ops, for gate activations
 * the fused ops lack (the templates' hard sigmoid):
 *
 *   i, f, o = gate(·)    g = act(·)    c′ = f∘c + i∘g    h′ = o∘act(c′)
 *
 * The columns come reordered i|f|o|c (tfjs' are i|f|c|o) so the three gates
 * are one activation op. Inputs: `xw` [T, B, 4U], every step's x·K′ + b′
 * (activation scale and shift folded in), `recurrentKernel` [U, 4U] folded
 * likewise. `act` must be unfolded (scale 1, shift 0): it also applies to
 * the cell state, which is no weight product. Returns every h′, [T, B, U],
 * or with `lastOnly` the last one, [B, U].
 * Native ops per step: 11 forward, 7 backward (6 with `lastOnly`); weight
 * gradients in bulk.
 */
export function rawLstmStates(s: SeqOps, gate: RawActivation, act: RawActivation, xw: TF.Tensor, recurrentKernel: TF.Tensor, lastOnly: boolean): TF.Tensor {
  const { tf } = s;
  const [steps, batch] = xw.shape as [number, number, number];
  const units = recurrentKernel.shape[0]!;
  const kernel = sequenceGrad(tf, ([xwIn, rIn], save) => {
    const XW = s.unstack(xwIn!, steps);
    let h = tf.zeros([batch, units]);
    let c = tf.zeros([batch, units]);
    const L = { hp: [] as TF.Tensor[], cp: [] as TF.Tensor[], ifo: [] as TF.Tensor[], g: [] as TF.Tensor[], tc: [] as TF.Tensor[], h: [] as TF.Tensor[] };
    for (let t = 0; t < steps; t++) {
      const [ifoPre, cPre] = s.splitColumns(s.add(s.matMul(h, rIn!), XW[t]!), [3 * units, units]) as [TF.Tensor, TF.Tensor];
      const ifo = gate.apply(s, ifoPre);
      const g = act.apply(s, cPre);
      const [i, f, o] = s.splitColumns(ifo, [units, units, units]) as [TF.Tensor, TF.Tensor, TF.Tensor];
      const cNext = s.add(s.mul(f, c), s.mul(i, g));
      const tc = act.apply(s, cNext);
      const hNext = s.mul(o, tc);
      L.hp.push(h);
      L.cp.push(c);
      L.ifo.push(ifo);
      L.g.push(g);
      L.tc.push(tc);
      L.h.push(hNext);
      h = hNext;
      c = cNext;
    }
    save([rIn!, s.stack(L.hp), s.stack(L.cp), s.stack(L.ifo), s.stack(L.g), s.stack(L.tc)]);
    return {
      value: lastOnly ? h : s.stack(L.h),
      gradFunc: (dy, saved) => {
        const [sR, HP, CP, IFO, G, TC] = saved as [TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor];
        // Per-step multipliers, in bulk: dc = dc_next∘f + dh∘Q; da = [dc, dc, dh, dc]∘P.
        const [I, F, O] = tf.split(IFO, 3, 2) as [TF.Tensor, TF.Tensor, TF.Tensor];
        const slopeGates = gate.slope(tf, IFO);
        const [sI, sF, sO] = slopeGates ? (tf.split(slopeGates, 3, 2) as [TF.Tensor, TF.Tensor, TF.Tensor]) : [null, null, null];
        const slopeG = act.slope(tf, G);
        const slopeTC = act.slope(tf, TC);
        const times = (a: TF.Tensor, b: TF.Tensor | null) => (b ? tf.mul(a, b) : a);
        const P = tf.concat([times(G, sI), times(CP, sF), times(TC, sO), times(I, slopeG)], 2);
        const Q = times(O, slopeTC);
        const dhOut = outputGradients(s, dy, steps, lastOnly);
        const Ps = s.unstack(P, steps);
        const Qs = s.unstack(Q, steps);
        const Fs = s.unstack(F, steps);
        const das = new Array<TF.Tensor>(steps);
        let dhNext: TF.Tensor | null = null;
        let dcNext: TF.Tensor | null = null;
        for (let t = steps - 1; t >= 0; t--) {
          const dh = dhOut(t, dhNext);
          const dcFromH = s.mul(dh, Qs[t]!);
          const dc: TF.Tensor = dcNext ? s.add(dcNext, dcFromH) : dcFromH;
          const da = s.mul(s.concatColumns([dc, dc, dh, dc]), Ps[t]!);
          if (t > 0) {
            dhNext = s.matMul(da, sR, true);
            dcNext = s.mul(dc, Fs[t]!);
          }
          das[t] = da;
        }
        const DA = s.stack(das);
        const rows = steps * batch;
        const dR = tf.matMul(tf.reshape(HP, [rows, units]), tf.reshape(DA, [rows, 4 * units]), true);
        return [DA, dR];
      },
    };
  });
  return kernel(xw, recurrentKernel);
}
