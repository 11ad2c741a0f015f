// The step inside tfjs' fit, as the app trains: ms per batch from batch-end timestamps, one epoch at
// a time, alternating two models in one process (patched tfjs-node in $H5, default /tmp/h5):
//   node bench/spikes/compiled-step/fit.mjs [--epochs 3] [--samples 48000]
//   raw       LayerLab's raw step (installRawTrainStep), as the app runs it today
//   compiled  the train function replaced by one call of the registered step function, then the new
//             weights handed to the tfjs variables (4 ReadVariableOp + assign, as the fused
//             optimizer does today, so predict/evaluate/layer images would see them)
// Both: mlp-mnist, Dropout 0.2, batch 256, shuffle, Fashion-MNIST (the first `samples` images).
import { execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadTf, makeOps, makeState, makeCompiledStep, makeBatches, stats, VARS, MLP } from './lib.mjs';
import { layerlabRawStep } from './layerlab.mjs';

const { values: args } = parseArgs({ options: { epochs: { type: 'string', default: '3' }, samples: { type: 'string', default: '48000' } } });
const EPOCHS = Number(args.epochs);
const uptime = () => execSync('uptime').toString().trim();
const loadBefore = uptime();
const { tf, backend, B } = loadTf();
const ops = makeOps(tf, backend);
const parts = makeBatches(tf, Math.floor(Number(args.samples) / MLP.batch));
const x = tf.concat(parts.map((p) => p[0]));
const y = tf.concat(parts.map((p) => p[1]));
tf.dispose(parts.flat());

const raw = await layerlabRawStep(tf, { rate: 0.2 });
const comp = await layerlabRawStep(tf, { rate: 0.2 });
comp.uninstall(); // keep the model, drop the raw step: its train function is replaced below
const state = makeState(ops, 1);
const tfVars = comp.model.trainableWeights.map((w) => w.read());
tf.tidy(() => VARS.forEach((v, i) => state[v].assign(tfVars[i])));
const compiled = makeCompiledStep(ops, B, state, 'mlp_step_fit', {});
comp.model.makeTrainFunction = () => (data) => tf.tidy(() => {
  const out = compiled(data[0], data[1]);
  VARS.forEach((v, i) => tfVars[i].assign(state[v].read()));
  return out;
});

async function epoch(model) {
  const stamps = [];
  const t0 = performance.now();
  const h = await model.fit(x, y, { batchSize: MLP.batch, epochs: 1, shuffle: true, verbose: 0, callbacks: { onBatchEnd: async () => { stamps.push(performance.now()); } } });
  const total = performance.now() - t0;
  const d = stamps.slice(1).map((t, i) => t - stamps[i]).slice(2); // drop the first intervals (warm-up)
  return { d, total, loss: h.history.loss[0], acc: h.history.acc?.[0] ?? h.history.categoricalAccuracy?.[0] };
}

await epoch(raw.model); // warm-up epochs
await epoch(comp.model);
const res = { raw: { d: [], per: [], loss: [], total: [] }, compiled: { d: [], per: [], loss: [], total: [] } };
for (let e = 0; e < EPOCHS; e++) {
  for (const [k, m] of e % 2 ? [['compiled', comp.model], ['raw', raw.model]] : [['raw', raw.model], ['compiled', comp.model]]) {
    const r = await epoch(m);
    res[k].d.push(...r.d); res[k].per.push(stats(r.d).median); res[k].loss.push(r.loss); res[k].total.push(r.total);
  }
}
const loadAfter = uptime();
console.log(`load before: ${loadBefore}\nload after:  ${loadAfter}`);
console.log(`fit: ${x.shape[0]} samples, batch ${MLP.batch}, ${EPOCHS} timed epochs each after 1 warm-up, alternating; data ${makeBatches.source}`);
for (const k of ['raw', 'compiled']) {
  const s = stats(res[k].d);
  console.log(`${k.padEnd(9)} ms/batch median ${s.median.toFixed(3)} (p10–p90 ${s.p10.toFixed(3)}–${s.p90.toFixed(3)}), epoch medians ${res[k].per.map((v) => v.toFixed(3)).join(', ')}; `
    + `fit() wall per epoch ${res[k].total.map((v) => v.toFixed(0)).join(', ')} ms; epoch losses ${res[k].loss.map((v) => v.toFixed(4)).join(', ')}`);
}
console.log(`raw/compiled (median ms/batch): ${(stats(res.raw.d).median / stats(res.compiled.d).median).toFixed(2)}×`);
