// ms per training step, interleaved in one process (patched tfjs-node in $H5, default /tmp/h5):
//   node bench/spikes/compiled-step/bench.mjs [--rounds 8] [--steps 300] [--warmup 50] [--batch 256] [--json out.json]
// Contestants, each with its own weights, all mlp-mnist with Dropout 0.2, batch 256, Fashion-MNIST batches:
//   layerlab  LayerLab's raw step as fit/trainOnBatch call it (installRawTrainStep's train function:
//             rawForwardBackward + KerasAdadelta's fused ResourceApplyAdadelta + read-back into tfjs variables)
//   eager     the spike's eager twin: the same ops through executeOp, weights read from resource variables
//   compiled  ONE executeOp of the registered step function
// A step = the call, reading the loss (1 float, as fit's logs do) and disposing the outputs.
import fs from 'node:fs';
import os from 'node:os';
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadTf, makeOps, makeState, makeEagerStep, makeCompiledStep, makeBatches, stats, VARS } from './lib.mjs';
import { layerlabRawStep } from './layerlab.mjs';

const { values: args } = parseArgs({ options: {
  rounds: { type: 'string', default: '8' }, steps: { type: 'string', default: '300' }, warmup: { type: 'string', default: '50' }, batch: { type: 'string', default: '256' }, json: { type: 'string' },
} });
const ROUNDS = Number(args.rounds);
const STEPS = Number(args.steps);
const WARMUP = Number(args.warmup);
const uptime = () => execSync('uptime').toString().trim();
const loadBefore = uptime();

const { tf, backend, B } = loadTf();
const ops = makeOps(tf, backend);
const BATCH = Number(args.batch);
const batches = makeBatches(tf, 16, BATCH);

const ll = await layerlabRawStep(tf, { rate: 0.2 });
const eagerState = makeState(ops, 11);
const compiledState = makeState(ops, 11);
const contestants = {
  layerlab: ll.step,
  eager: makeEagerStep(ops, eagerState, {}),
  compiled: makeCompiledStep(ops, B, compiledState, 'mlp_step', {}),
};

// Native ops per step (every executeOp: tfjs kernels and raw ops alike).
function countOps(fn) {
  const original = backend.binding;
  let n = 0;
  const byName = {};
  backend.binding = Object.create(original, { executeOp: { value: (name, a, i, o) => { n++; byName[name] = (byName[name] ?? 0) + 1; return original.executeOp(name, a, i, o); } } });
  try { tf.dispose(fn()); } finally { backend.binding = original; }
  return { n, byName };
}

let cursor = 0;
function runSteps(fn, n, times) {
  for (let i = 0; i < n; i++) {
    const [x, y] = batches[cursor++ % batches.length];
    const t0 = process.hrtime.bigint();
    const out = fn(x, y);
    out[0].dataSync();
    tf.dispose(out);
    const t1 = process.hrtime.bigint();
    times?.push(Number(t1 - t0) / 1e6);
  }
}

for (const fn of Object.values(contestants)) runSteps(fn, WARMUP);
// Counted after warm-up: the first LayerLab step also creates the optimizer's resource variables.
const opCounts = Object.fromEntries(Object.entries(contestants).map(([k, fn]) => [k, countOps(() => fn(...batches[0]))]));
const names = Object.keys(contestants);
const all = Object.fromEntries(names.map((k) => [k, []]));
const perRound = Object.fromEntries(names.map((k) => [k, []]));
const tensorsBefore = tf.memory().numTensors;
for (let r = 0; r < ROUNDS; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const k of order) {
    const times = [];
    runSteps(contestants[k], STEPS, times);
    all[k].push(...times);
    perRound[k].push(stats(times).median);
  }
}
const loadAfter = uptime();
const leaked = tf.memory().numTensors - tensorsBefore;

// Final losses: every contestant trained (same schedule of batches, own dropout masks).
const finalLoss = Object.fromEntries(names.map((k) => {
  const out = contestants[k](...batches[0]);
  const v = out[0].dataSync()[0];
  tf.dispose(out);
  return [k, v];
}));

const summary = Object.fromEntries(names.map((k) => [k, {
  ...stats(all[k]), roundMedians: perRound[k], nativeOpsPerStep: opCounts[k].n,
}]));
const result = {
  when: new Date().toISOString(), host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  tf: { tfjsNode: tf.version['tfjs-node'], libtensorflow: B.TF_Version, threads: 'TFE context defaults (no ConfigProto: intra/inter-op pools sized by TF to the 2 CPUs)' },
  batch: BATCH, data: makeBatches.source, rounds: ROUNDS, stepsPerRound: STEPS, warmup: WARMUP,
  loadBefore, loadAfter, leakedTensors: leaked, finalLoss, opsByName: Object.fromEntries(names.map((k) => [k, opCounts[k].byName])), summary,
};
if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);

const f = (v) => v.toFixed(3);
console.log(`load before: ${loadBefore}\nload after:  ${loadAfter}`);
console.log(`batch ${BATCH}; ${ROUNDS} rounds × ${STEPS} steps each (after ${WARMUP} warm-up), order rotated per round; data ${makeBatches.source}`);
console.log('contestant  ops/step  median ms  p10–p90 ms      round medians min–max   mean ms');
for (const k of names) {
  const s = summary[k];
  console.log(`${k.padEnd(10)}  ${String(s.nativeOpsPerStep).padStart(8)}  ${f(s.median).padStart(9)}  ${`${f(s.p10)}–${f(s.p90)}`.padEnd(14)}  ${`${f(Math.min(...s.roundMedians))}–${f(Math.max(...s.roundMedians))}`.padEnd(22)}  ${f(s.mean)}`);
}
const ratio = (a, b) => (summary[a].median / summary[b].median).toFixed(2);
console.log(`layerlab/compiled ${ratio('layerlab', 'compiled')}×, eager/compiled ${ratio('eager', 'compiled')}×; final losses ${JSON.stringify(finalLoss)}; tensors leaked ${leaked}`);
ll.dispose();
for (const v of [...Object.values(eagerState), ...Object.values(compiledState)]) v.destroy();
void VARS;
