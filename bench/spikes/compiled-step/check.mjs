// Correctness of the compiled step (patched tfjs-node in $H5, default /tmp/h5):
//   node bench/spikes/compiled-step/check.mjs
// 1. the FunctionDef registers and runs by name; 2. without dropout, one step (and five) equal the
// eager raw-op step from the same weights, slots and batch (loss, accuracy, all 12 variables, 1e-5);
// 3. with dropout the weights change and the loss falls over 300 steps; 4. dropout masks differ per call.
import {
  loadTf, makeOps, makeState, copyState, readState, makeEagerStep, makeCompiledStep, makeBatches, maxAbsDiff, VARS, buildStepFunctionDef,
} from './lib.mjs';
import { layerlabRawStep } from './layerlab.mjs';

const { tf, backend, B } = loadTf();
const ops = makeOps(tf, backend);
const batches = makeBatches(tf, 8);
const TOL = 1e-5;
let failed = 0;
const report = (ok, line) => { if (!ok) failed += 1; console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`); };

const bytes = buildStepFunctionDef('mlp_step_nodrop', { rate: 0 });
console.log(`data: ${makeBatches.source}`);
console.log(`FunctionDef mlp_step_nodrop: ${bytes.length} bytes; with dropout: ${buildStepFunctionDef('x').length} bytes`);

// --- 2. compiled vs eager, no dropout, same start.
const eagerState = makeState(ops, 1);
const compiledState = makeState(ops, 99);
copyState(ops, eagerState, compiledState);
const start = readState(ops, eagerState);
report(maxAbsDiff(start.w1, readState(ops, compiledState).w1) === 0, 'both sides start from the same weights');
const eager = makeEagerStep(ops, eagerState, { rate: 0 });
const compiled = makeCompiledStep(ops, B, compiledState, 'mlp_step_nodrop', { rate: 0 });
report(B.hasFunction('mlp_step_nodrop'), 'hasFunction(mlp_step_nodrop) after addFunctionDef');
for (let s = 1; s <= 5; s++) {
  const [x, y] = batches[s % batches.length];
  const [le, ae] = eager(x, y);
  const [lc, ac] = compiled(x, y);
  const [lossE, accE, lossC, accC] = [le, ae, lc, ac].map((t) => t.dataSync()[0]);
  tf.dispose([le, ae, lc, ac]);
  const se = readState(ops, eagerState);
  const sc = readState(ops, compiledState);
  const diffs = Object.keys(se).map((k) => [k, maxAbsDiff(se[k], sc[k])]);
  const worst = diffs.reduce((a, b) => (b[1] > a[1] ? b : a));
  const ok = Math.abs(lossE - lossC) <= TOL && accE === accC && worst[1] <= TOL;
  report(ok, `step ${s} (no dropout): loss eager ${lossE.toFixed(7)} compiled ${lossC.toFixed(7)} |Δ| ${Math.abs(lossE - lossC).toExponential(2)}; `
    + `acc ${accE} vs ${accC}; max |Δ| over 12 variables ${worst[1].toExponential(2)} (${worst[0]})`);
  if (s === 1) {
    const moved = VARS.map((v) => `${v} ${maxAbsDiff(start[v], sc[v]).toExponential(2)}`).join(', ');
    report(VARS.every((v) => maxAbsDiff(start[v], sc[v]) > 0), `the compiled call updated the weights in place (max |change| ${moved})`);
  }
}

// --- 2b. compiled vs LayerLab's own raw step (tfjs variables, rawForwardBackward, KerasAdadelta), no dropout.
const ll = await layerlabRawStep(tf, { rate: 0 });
console.log(`LayerLab: ${ll.note}; ${ll.describe}`);
const llState = makeState(ops, 3);
tf.tidy(() => ll.model.trainableWeights.forEach((w, i) => llState[VARS[i]].assign(w.read())));
const llCompiled = makeCompiledStep(ops, B, llState, 'mlp_step_nodrop', { rate: 0 });
for (let s = 1; s <= 5; s++) {
  const [x, y] = batches[s % batches.length];
  const a = ll.step(x, y);
  const b = llCompiled(x, y);
  const [lossL, accL, lossC, accC] = [...a, ...b].map((t) => t.dataSync()[0]);
  tf.dispose([...a, ...b]);
  const lw = ll.weights();
  const cs = readState(ops, llState);
  const worst = Math.max(...VARS.map((v, i) => maxAbsDiff(lw[i], cs[v])));
  report(Math.abs(lossL - lossC) <= TOL && accL === accC && worst <= TOL,
    `step ${s} vs LayerLab's raw step (no dropout): loss ${lossL.toFixed(7)} vs ${lossC.toFixed(7)}, acc ${accL} vs ${accC}, max |Δ| weights ${worst.toExponential(2)}`);
}
ll.dispose();

// --- 3. with dropout: training works.
const state = makeState(ops, 5);
const step = makeCompiledStep(ops, B, state, 'mlp_step', {});
const before = readState(ops, state);
const losses = [];
for (let i = 0; i < 300; i++) {
  const [l, a] = step(...batches[i % batches.length]);
  losses.push(l.dataSync()[0]);
  tf.dispose([l, a]);
}
const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const first = avg(losses.slice(0, 20));
const last = avg(losses.slice(-20));
report(last < first * 0.7, `with dropout, 300 steps on 8 batches: mean loss of steps 1-20 ${first.toFixed(4)}, of steps 281-300 ${last.toFixed(4)}`);
const after = readState(ops, state);
report(VARS.every((v) => maxAbsDiff(before[v], after[v]) > 0), 'with dropout: every weight changed');

// --- 4. dropout draws a fresh mask per call: two calls from the same state on the same batch differ.
const a1 = makeState(ops, 7);
const a2 = makeState(ops, 8);
copyState(ops, a1, a2);
const f1 = makeCompiledStep(ops, B, a1, 'mlp_step', {});
const f2 = makeCompiledStep(ops, B, a2, 'mlp_step', {});
const [x, y] = batches[0];
const r1 = f1(x, y).map((t) => t.dataSync()[0]);
const r2 = f2(x, y).map((t) => t.dataSync()[0]);
report(r1[0] !== r2[0], `dropout: same state and batch, two calls give losses ${r1[0].toFixed(6)} and ${r2[0].toFixed(6)} (fresh masks)`);

// The eager twin with dropout also trains (sanity for the benchmark's other side).
const es = makeState(ops, 5);
const estep = makeEagerStep(ops, es, {});
const el = [];
for (let i = 0; i < 300; i++) { const [l, a] = estep(...batches[i % batches.length]); el.push(l.dataSync()[0]); tf.dispose([l, a]); }
report(avg(el.slice(-20)) < avg(el.slice(0, 20)) * 0.7, `eager twin with dropout: ${avg(el.slice(0, 20)).toFixed(4)} → ${avg(el.slice(-20)).toFixed(4)}`);

console.log(failed ? `${failed} check(s) FAILED` : 'all checks passed');
process.exit(failed ? 1 : 0);
