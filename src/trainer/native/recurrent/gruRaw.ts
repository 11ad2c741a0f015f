import type * as TF from '@tensorflow/tfjs';
import type { RawActivation } from './activations';
import { outputGradients, sequenceGrad } from './sequenceGrad';
import type { SeqOps } from './seqOps';

/**
 * A GRU (Keras' reset_after=False, tfjs' only kind) over a whole sequence in
 * raw TensorFlow ops, for any gate and candidate activation the raw loops
 * know (the templates' hard sigmoid above all):
 *
 *   z, r = gate(x·Kzr + h·Rzr + bzr)    c = act(x·Kh + (r∘h)·Rh + bh)    h′ = z∘h + (1−z)∘c
 *
 * Inputs: `xw` [T, B, 3U], every step's x·K′ + b′ (columns z|r|h, activation
 * scale and shift folded in); `rzr` [U, 2U] and `rh` [U, U], the folded
 * recurrent kernel's z|r and h columns. Returns every h′, [T, B, U], or
 * with `lastOnly` the last one, [B, U].
 * Native ops per step: 11 forward, 6 backward (5 with `lastOnly`); weight
 * gradients in bulk.
 */
export function rawGruStates(
  s: SeqOps,
  gate: RawActivation,
  act: RawActivation,
  xw: TF.Tensor,
  rzr: TF.Tensor,
  rh: TF.Tensor,
  lastOnly: boolean,
): TF.Tensor {
  const { tf } = s;
  const [steps, batch] = xw.shape as [number, number, number];
  const units = rh.shape[0]!;
  const kernel = sequenceGrad(tf, ([xwIn, rzrIn, rhIn], save) => {
    const [xzr, xh] = tf.split(xwIn!, [2 * units, units], 2);
    const XZR = s.unstack(xzr!, steps);
    const XH = s.unstack(xh!, steps);
    let h = tf.zeros([batch, units]);
    const previous: TF.Tensor[] = [];
    const gates: TF.Tensor[] = [];
    const candidates: TF.Tensor[] = [];
    const states: TF.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const g = gate.apply(s, s.add(s.matMul(h, rzrIn!), XZR[t]!));
      const [z, r] = s.splitColumns(g, [units, units]) as [TF.Tensor, TF.Tensor];
      const c = act.apply(s, s.add(s.matMul(s.mul(r, h), rhIn!), XH[t]!));
      const next = s.add(c, s.mul(z, s.sub(h, c)));
      previous.push(h);
      gates.push(g);
      candidates.push(c);
      states.push(next);
      h = next;
    }
    save([rzrIn!, rhIn!, s.stack(previous), s.stack(gates), s.stack(candidates)]);
    return {
      value: lastOnly ? h : s.stack(states),
      gradFunc: (dy, saved) => {
        const [sRzr, sRh, HP, G, C] = saved as [TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor, TF.Tensor];
        // Per-step multipliers, in bulk: dpc = dh∘Pc; [da_z, da_r, dh∘z, drh∘r] = [dh, drh, dh, drh]∘PG.
        const [Z, R] = tf.split(G, 2, 2) as [TF.Tensor, TF.Tensor];
        const slopeZ = gate.slope(tf, Z);
        const slopeR = gate.slope(tf, R);
        const slopeC = act.slope(tf, C);
        const D = tf.sub(HP, C);
        const Pc = slopeC ? tf.mul(tf.sub(1, Z), slopeC) : tf.sub(1, Z);
        const PG = tf.concat([slopeZ ? tf.mul(D, slopeZ) : D, slopeR ? tf.mul(HP, slopeR) : HP, G], 2);
        // e·back = da·Rzrᵀ + dh∘z + drh∘r: the whole dh_prev in one product.
        const back = tf.concat([tf.transpose(sRzr), tf.eye(units), tf.eye(units)], 0);
        const dhOut = outputGradients(s, dy, steps, lastOnly);
        const PCs = s.unstack(Pc, steps);
        const PGs = s.unstack(PG, steps);
        const es = new Array<TF.Tensor>(steps);
        const dpcs = new Array<TF.Tensor>(steps);
        let dhNext: TF.Tensor | null = null;
        for (let t = steps - 1; t >= 0; t--) {
          const dh = dhOut(t, dhNext);
          const dpc = s.mul(dh, PCs[t]!);
          const drh = s.matMul(dpc, sRh, true);
          const e = s.mul(s.concatColumns([dh, drh, dh, drh]), PGs[t]!);
          if (t > 0) dhNext = s.matMul(e, back);
          es[t] = e;
          dpcs[t] = dpc;
        }
        const DA = tf.slice(s.stack(es), [0, 0, 0], [steps, batch, 2 * units]);
        const DPC = s.stack(dpcs);
        const rows = steps * batch;
        const dRzr = tf.matMul(tf.reshape(HP, [rows, units]), tf.reshape(DA, [rows, 2 * units]), true);
        const dRh = tf.matMul(tf.reshape(tf.mul(R, HP), [rows, units]), tf.reshape(DPC, [rows, units]), true);
        return [tf.concat([DA, DPC], 2), dRzr, dRh];
      },
    };
  });
  return kernel(xw, rzr, rh);
}
