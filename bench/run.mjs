// `npm run bench`: time per training step of each template, LayerLab (the
// app's own path: template → planTraining → buildCompiledModel →
// loadTrainingData → train()) against Keras 2.15 building the same model from
// LayerLab's exported topology JSON, on the same arrays and batches. Writes
// bench/RESULTS.md.
//
//   node bench/run.mjs [--only id,id] [--no-fallback] [--budget SECONDS] [--out FILE]
//   node bench/run.mjs --images-only [--only mlp-mnist,cnn-mnist] [--image-pairs N]
//   node bench/run.mjs --telemetry-only [--out FILE]   (reruns only the telemetry section of RESULTS.md)
//       only the layer images cost (images every 50 batches against none),
//       written into the "Layer images cost" section of bench/RESULTS.md
//
// Per template, each run in its own process: LayerLab (its steps decide every
// later run's), export, then Keras, LayerLab, Keras, LayerLab with tfjs' own
// training step (`--step tfjs`), LayerLab, Keras: three LayerLab/Keras rounds,
// interleaved so drift in the machine's load hits both sides alike; then the
// wasm fallback.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  argvOptions,
  benchDir,
  duration,
  ensureKeras,
  fmt,
  keras,
  lastJson,
  layerlab,
  loadSampler,
  log,
  median,
  onednnFromLog,
  pkgVersion,
  quantile,
  root,
  listTemplates,
  selectIds,
} from './lib.mjs';

const { flag, option } = argvOptions();
const ids = selectIds(option('only'), await listTemplates());
const exportDir = path.join(benchDir, '.cache', 'bench');
/** LayerLab's first run stops after this many seconds of steps (and MIN_STEPS timed steps); every later run does as many steps. */
const BUDGET_S = Number(option('budget') ?? 12);
const MAX_STEPS = 400;
/** Step intervals dropped at the start of each run: graph tracing, first allocations, warm caches. */
const WARMUP = 3;
/** Timed steps every run has at least (its batches: these, the warm-up and the first batch, which only starts the clock). */
const MIN_STEPS = 30;
const MIN_BATCHES = MIN_STEPS + WARMUP + 1;
/** LayerLab/Keras rounds per template: L K L K L K (tfjs' own step once, mid-sequence). */
const ROUNDS = 3;
const FALLBACK_BUDGET_S = 6;
const FALLBACK_MIN_STEPS = 6;
const FALLBACK_WARMUP = 1;
/** Templates whose telemetry cost is measured (train() against a bare `fit`). */
const TELEMETRY = ['mlp-mnist', 'cnn-mnist'];
const TELEMETRY_PAIRS = 5;
const TELEMETRY_HEADING = '## Telemetry cost';
/** Templates whose layer-image cost is measured (train() with images every 50 batches against none). */
const IMAGES = ['mlp-mnist', 'cnn-mnist'];
const IMAGE_EVERY = 50;
/** Runs per side, alternating off, on, off, on, …: the machine's drift hits both alike. */
const IMAGE_PAIRS = Number(option('image-pairs') ?? 3);
const IMAGES_HEADING = '## Layer images cost';
/** libtensorflow logs oneDNN's state at level 0 only. */
const VERBOSE_TF = { TF_CPP_MIN_LOG_LEVEL: '0' };

const started = performance.now();
const load = loadSampler(os);

/** Step durations (ms) from batch-end timestamps, warm-up dropped, with each step's batch size. */
function steps(result, sizes, warmup) {
  const ends = result.batchEndMs ?? [];
  const out = [];
  for (let i = 1 + warmup; i < ends.length; i++) out.push({ ms: ends[i] - ends[i - 1], size: sizes[i] ?? sizes.at(-1) });
  return out;
}

function summarize(runs, sizes, warmup) {
  const good = runs.filter((r) => !r.error && r.batchEndMs?.length);
  if (!good.length) return { error: runs.find((r) => r.error)?.error ?? 'no runs' };
  const all = good.flatMap((r) => steps(r, sizes, warmup));
  if (!all.length) return { error: `too few steps (${good.map((r) => r.batchEndMs.length).join(', ')}) to drop ${warmup} warm-up steps` };
  const ms = all.map((s) => s.ms);
  const perRun = good.map((r) => median(steps(r, sizes, warmup).map((s) => s.ms)));
  const samples = all.reduce((a, s) => a + s.size, 0);
  const seconds = ms.reduce((a, b) => a + b, 0) / 1000;
  return {
    medianMs: median(ms),
    q1Ms: quantile(ms, 0.25),
    q3Ms: quantile(ms, 0.75),
    perRunMs: perRun,
    timedSteps: ms.length,
    samplesPerSecond: samples / seconds,
    threads: good[0].threads ?? null,
    onednn: good.map((r) => r.onednn).find((v) => v !== undefined && v !== null) ?? null,
    detail: good[0].backendDetail ?? null,
  };
}

/** Batch sizes per step: the tutorial's ranges where it trains that way, else the batch size. */
function batchSizes(dir, meta, batchSize) {
  if (!meta.tutorialBatches) return [batchSize];
  const buf = readFileSync(path.join(dir, meta.tutorialBatches.file));
  const ranges = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const sizes = [];
  const pass = [];
  for (let i = 0; i < ranges.length; i += 2) pass.push(ranges[i + 1] - ranges[i]);
  // Timed runs repeat passes until their steps are done.
  while (pass.length && sizes.length < MAX_STEPS) sizes.push(...pass);
  return sizes;
}

async function layerlabRun(id, args) {
  const r = await layerlab(['train', '--id', id, ...args], { env: VERBOSE_TF, timeoutMs: 300_000 });
  return { ...lastJson(r), onednn: onednnFromLog(r.stderr) };
}

/**
 * train()'s notes on how batches train, shortened for the summary table:
 * "raw TensorFlow training step" → "raw step", "gru_1: fused GRU (…)" →
 * "gru_1 fused GRU", "tfjs training step: layer 'gru_1' (GRU): …" → "tfjs step
 * (gru_1 not raw)". The full notes are under "How LayerLab's batches trained".
 */
function shortNote(note) {
  let m = /^raw TensorFlow training step(?: \((.*)\))?$/.exec(note);
  if (m) {
    const taped = [...(m[1] ?? '').matchAll(/(?:^|; )(\S+) on the tape/g)].map((t) => t[1]);
    return taped.length ? `raw step (${taped.join(', ')} on the tape)` : 'raw step';
  }
  if (/^tfjs training step \(LAYERLAB_RAW_STEP=off\)/.test(note)) return 'tfjs step (forced)';
  m = /^tfjs training step: layer '([^']+)'/.exec(note);
  if (m) return `tfjs step (${m[1]} not raw)`;
  if (/^tfjs training step/.test(note)) return 'tfjs step';
  m = /^(\S+): (fused|stock tfjs) (\w+)/.exec(note);
  if (m) return `${m[1]} ${m[2] === 'fused' ? 'fused' : 'stock'} ${m[3]}`;
  const plain = note.replace(/\s*\(.*\)\s*/g, ' ').trim();
  return plain.length > 40 ? `${plain.slice(0, 39)}…` : plain;
}

/** Shortened notes, layers of one kind together: "gru_1, gru_2 fused GRU". */
function shortNotes(notes) {
  if (!notes?.length) return '-';
  const parts = [];
  const layers = new Map();
  for (const note of notes.map(shortNote)) {
    const m = /^(\S+) ((?:fused|stock) \w+)$/.exec(note);
    if (!m) parts.push(note);
    else if (layers.has(m[2])) layers.get(m[2]).push(m[1]);
    else {
      layers.set(m[2], [m[1]]);
      parts.push(m[2]);
    }
  }
  return parts.map((p) => (layers.has(p) ? `${layers.get(p).join(', ')} ${p}` : p)).join('; ');
}
const sameNotes = (a, b) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

async function kerasRun(dir, count, env = {}) {
  const r = await keras(['time', '--dir', dir, '--steps', String(count)], { timeoutMs: 300_000, env });
  const out = lastJson(r);
  return { ...out, onednn: out.onednn === true ? 'on' : out.onednn === false ? 'off' : null };
}

async function benchTemplate(id, kerasInfo) {
  const from = load.mark();
  const row = { id };
  // LayerLab's first run decides the step count; batch size and batching are the template's own.
  const first = await layerlabRun(id, ['--steps', String(MAX_STEPS), '--budget', String(BUDGET_S), '--min-steps', String(MIN_BATCHES)]);
  if (first.error) return { ...row, error: `LayerLab: ${first.error}` };
  row.batchSize = first.batchSize;
  row.batching = first.batching;
  row.kernels = first.kernels ?? [];
  const count = first.batchEndMs.length;
  row.steps = count;

  const dir = path.join(exportDir, id);
  const exported = lastJson(
    await layerlab(['export', '--id', id, '--out', exportDir, '--no-eval', ...(row.batching === 'tutorial' ? [] : ['--limit', String(count * row.batchSize)])], {
      timeoutMs: 300_000,
    }),
  );
  if (exported.error) return { ...row, error: `export: ${exported.error}` };
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const sizes = batchSizes(dir, meta, row.batchSize);
  row.params = { layerlab: meta.summaryParams, tfjs: meta.tfjsParams };

  // L K L K T L K (T: tfjs' own step): rounds pair each LayerLab run with the Keras run after it.
  const native = [first];
  const kerasRuns = [];
  let tfjsStep = null;
  const kerasOnce = async () => kerasRuns.push(kerasInfo.error ? { error: kerasInfo.error } : await kerasRun(dir, count));
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) native.push(await layerlabRun(id, ['--steps', String(count)]));
    await kerasOnce();
    // tfjs' own step once, mid-sequence (after round 2 of 3), against the same Keras runs.
    if (round === Math.floor((ROUNDS - 1) / 2)) tfjsStep = await layerlabRun(id, ['--steps', String(count), '--step', 'tfjs']);
  }
  row.params.keras = kerasRuns.find((r) => !r.error)?.params ?? null;
  // Where LayerLab pinned TensorFlow's intra-op pool (src/trainer/threads.ts), Keras once more with the same pool:
  // the like-for-like figure beside Keras as its users run it.
  row.intraOpThreads = first.intraOpThreads ?? 'default';
  if (row.intraOpThreads !== 'default' && !kerasInfo.error) {
    row.kerasSameThreads = summarize([await kerasRun(dir, count, { TF_NUM_INTRAOP_THREADS: row.intraOpThreads })], sizes, WARMUP);
  }
  row.native = summarize(native, sizes, WARMUP);
  row.keras = summarize(kerasRuns, sizes, WARMUP);
  row.ratio = row.native.medianMs / row.keras.medianMs;
  if (row.kerasSameThreads) row.sameThreadsRatio = row.native.medianMs / row.kerasSameThreads.medianMs;
  row.rounds = native.map((l, i) => {
    const lm = summarize([l], sizes, WARMUP).medianMs;
    const km = summarize([kerasRuns[i] ?? { error: 'missing' }], sizes, WARMUP).medianMs;
    return { layerlabMs: lm, kerasMs: km, ratio: lm / km };
  });
  const roundRatios = row.rounds.map((r) => r.ratio).filter(Number.isFinite);
  row.ratioRange = roundRatios.length ? [Math.min(...roundRatios), Math.max(...roundRatios)] : null;
  // Every LayerLab run must have trained the same way; a run that did not is named, not averaged away.
  const differing = native.filter((r) => !r.error && !sameNotes(r.kernels, row.kernels));
  if (differing.length) row.kernelsDiffer = differing.map((r) => r.kernels ?? []);

  if (tfjsStep) {
    row.tfjsStep = summarize([tfjsStep], sizes, WARMUP);
    row.tfjsKernels = tfjsStep.kernels ?? [];
    // `--step tfjs` that did not reach the trainer would time the raw step twice.
    if (!row.tfjsStep.error && !row.tfjsKernels.some((n) => /LAYERLAB_RAW_STEP=off/.test(n))) {
      row.tfjsStep = { error: `--step tfjs not in effect (notes: ${row.tfjsKernels.join('; ') || 'none'})` };
    }
    row.tfjsRatio = row.tfjsStep.medianMs / row.keras.medianMs;
  }

  if (!flag('no-fallback')) {
    const fb = await layerlabRun(id, ['--backend', 'wasm', '--steps', String(count), '--budget', String(FALLBACK_BUDGET_S), '--min-steps', String(FALLBACK_MIN_STEPS)]);
    row.fallback = summarize([fb], sizes, FALLBACK_WARMUP);
    row.fallbackKernels = fb.kernels ?? [];
    row.fallbackRatio = row.fallback.medianMs / row.keras.medianMs;
  }
  if (TELEMETRY.includes(id) && row.batching !== 'tutorial') row.telemetry = await benchTelemetry(id, count, sizes);
  row.load = load.range(from);
  return row;
}

/**
 * Telemetry cost: train() (layer images off: their cost is its own section)
 * against the same `fit` and training step with only a timestamp per batch, in
 * pairs whose order alternates so that drift cancels. On a 1.5 ms step a load
 * spike in one run moves a pooled median by 20%, so the figure is the median
 * of the pairs' own ratios, each pair listed.
 */
async function benchTelemetry(id, count, sizes) {
  const plain = [];
  const app = [];
  const pairs = [];
  for (let i = 0; i < TELEMETRY_PAIRS; i++) {
    const runPlain = () => layerlabRun(id, ['--steps', String(count), '--plain']);
    const runApp = () => layerlabRun(id, ['--steps', String(count), '--image-every', 'off']);
    let p;
    let a;
    if (i % 2 === 0) {
      p = await runPlain();
      a = await runApp();
    } else {
      a = await runApp();
      p = await runPlain();
    }
    plain.push(p);
    app.push(a);
    pairs.push(summarize([a], sizes, WARMUP).medianMs / summarize([p], sizes, WARMUP).medianMs);
  }
  const ratios = pairs.filter(Number.isFinite).sort((x, y) => x - y);
  const middle = ratios.length ? ratios[Math.floor(ratios.length / 2)] : Number.NaN;
  return {
    plain: summarize(plain, sizes, WARMUP),
    app: summarize(app, sizes, WARMUP),
    pairs,
    overheadPercent: (middle - 1) * 100,
    plainKernels: plain.find((r) => !r.error)?.kernels ?? [],
  };
}

/** Mean ms per timed step: unlike the median, it counts the rare steps that also took layer images. */
function meanMs(runs, sizes, warmup) {
  const all = runs.filter((r) => !r.error).flatMap((r) => steps(r, sizes, warmup).map((s) => s.ms));
  return all.length ? all.reduce((a, b) => a + b, 0) / all.length : Number.NaN;
}

/**
 * The snapshots' own time inside the timed steps of the runs with images, as
 * a share of those steps' time: robust to a loaded machine, where the A/B
 * difference of two means is mostly noise. (The last batch's snapshot happens
 * after training stops and is not counted.)
 */
function directCost(runs, sizes) {
  let images = 0;
  let total = 0;
  let count = 0;
  for (const r of runs) {
    const timed = steps(r, sizes, WARMUP);
    total += timed.reduce((a, s) => a + s.ms, 0);
    // Step k's interval ends at batch k+1; snapshots at steps after the warm-up and before the last batch fall inside.
    for (const c of r.imageCosts ?? []) {
      if (c.step > 1 + WARMUP && c.step < r.batchEndMs.length) {
        images += c.ms;
        count += 1;
      }
    }
  }
  return { percent: total > 0 ? (images / total) * 100 : Number.NaN, meanSnapshotMs: count ? images / count : Number.NaN, snapshots: count };
}

async function benchImages(id) {
  const from = load.mark();
  const off = [await layerlabRun(id, ['--steps', String(MAX_STEPS), '--budget', String(BUDGET_S), '--min-steps', String(MIN_BATCHES), '--image-every', 'off'])];
  if (off[0].error) return { id, error: off[0].error };
  const count = off[0].batchEndMs.length;
  const sizes = [off[0].batchSize];
  const on = [];
  for (let i = 0; i < IMAGE_PAIRS; i++) {
    on.push(await layerlabRun(id, ['--steps', String(count), '--image-every', String(IMAGE_EVERY)]));
    if (i < IMAGE_PAIRS - 1) off.push(await layerlabRun(id, ['--steps', String(count), '--image-every', 'off']));
  }
  const failed = [...on, ...off].find((r) => r.error);
  if (failed) return { id, error: failed.error };
  const result = {
    id,
    steps: count,
    batchSize: off[0].batchSize,
    off: { ...summarize(off, sizes, WARMUP), meanMs: meanMs(off, sizes, WARMUP) },
    on: { ...summarize(on, sizes, WARMUP), meanMs: meanMs(on, sizes, WARMUP) },
    snapshots: on.map((r) => r.imageSnapshots ?? 0),
    load: load.range(from),
  };
  result.overheadPercent = (result.on.meanMs / result.off.meanMs - 1) * 100;
  result.direct = directCost(on, sizes);
  result.medianOverheadPercent = (result.on.medianMs / result.off.medianMs - 1) * 100;
  log(
    `${id} layer images: ${fmt(result.off.meanMs, 2)} → ${fmt(result.on.meanMs, 2)} ms/step (mean), A/B ${fmt(result.overheadPercent, 1)}%; snapshots ${fmt(result.direct.percent, 2)}% of step time (${fmt(result.direct.meanSnapshotMs, 1)} ms each); per run ${result.snapshots.join(', ')}`,
  );
  return result;
}

function imagesSection(rows) {
  const table = rows.length
    ? [
        '| template | batch | steps per run | images off: mean ms/step (median) | images on: mean ms/step (median) | A/B overhead (mean) | A/B overhead (median) | snapshots per run | snapshot time / step time (ms per snapshot) | load |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows.map((r) =>
          r.error
            ? `| ${r.id} | error: ${String(r.error).replace(/\|/g, '/')} | | | | | | | | |`
            : `| ${r.id} | ${r.batchSize} | ${r.steps} | ${fmt(r.off.meanMs, 2)} (${fmt(r.off.medianMs, 2)}) | ${fmt(r.on.meanMs, 2)} (${fmt(r.on.medianMs, 2)}) | ${fmt(r.overheadPercent, 1)}% | ${fmt(r.medianOverheadPercent, 1)}% | ${r.snapshots.join(', ')} | **${fmt(r.direct.percent, 2)}%** (${fmt(r.direct.meanSnapshotMs, 1)}) | ${fmt(r.load[0], 2)}–${fmt(r.load[1], 2)} |`,
        ),
      ].join('\n')
    : '(not measured in this run)';
  return `${IMAGES_HEADING}

train() with layer images every ${IMAGE_EVERY} batches (src/trainer/activations.ts: one \`predict\` of a probe model over the 10 probe samples, every layer's outputs quantised to bytes and sent; at most 4 a second, and never sooner than 50× the last snapshot's own time after it) against train() with layer images off (\`--image-every off\`); ${IMAGE_PAIRS} runs each, alternating off, on, off, …, in their own processes, same steps (the first run's ${BUDGET_S} s budget). A/B compares **mean** step times (a snapshot lands inside one step in ${IMAGE_EVERY}, which a median never sees); on a loaded shared machine that difference is mostly noise, so the last column also accounts for the snapshots directly: the time from each snapshot's batch end until it was sent (predict of the probe model, quantising, sending), summed over the timed steps, as a share of their time. The snapshots before the first and after the last batch lie outside the timed steps (one each per run). Target (issue #9): ≤ 3%. Measured ${new Date().toISOString().slice(0, 10)}; \`node bench/run.mjs --images-only\` reruns only this section.

${table}
`;
}

/** Replaces (or adds) the layer images section of an existing RESULTS.md. */
function withImagesSection(markdown, section) {
  const start = markdown.indexOf(IMAGES_HEADING);
  if (start < 0) return `${markdown.trimEnd()}\n\n${section}`;
  const next = markdown.indexOf('\n## ', start + IMAGES_HEADING.length);
  return `${markdown.slice(0, start)}${section}${next < 0 ? '' : markdown.slice(next)}`;
}

function machine(kerasInfo, rows) {
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const native = rows.find((r) => r.native && !r.native.error)?.native;
  const kr = rows.find((r) => r.keras && !r.keras.error)?.keras;
  const [lo, hi] = load.range(0);
  return [
    `- Date: ${new Date().toISOString()}; ${ids.length} template(s) in ${duration((performance.now() - started) / 1000)}`,
    `- CPU: ${cpu}; ${os.availableParallelism()} logical CPUs; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} ${os.arch()}`,
    `- Load average (1 min) over the whole run: ${fmt(lo, 2)}–${fmt(hi, 2)} (sampled every 2 s; a shared VM where other work may run; per-row ranges in the table)`,
    `- LayerLab: Node ${process.version}; @tensorflow/tfjs ${pkgVersion('@tensorflow/tfjs')}, tfjs-node ${pkgVersion('@tensorflow/tfjs-node')} (libtensorflow 2.9.1), tfjs-backend-wasm ${pkgVersion('@tensorflow/tfjs-backend-wasm')}; ${native?.detail ?? '-'}; oneDNN as libtensorflow logged it: ${native?.onednn ?? 'not logged'}; process threads after training: ${native?.threads ?? '-'}`,
    kerasInfo.error
      ? `- Keras: ${kerasInfo.error}`
      : `- Keras: TensorFlow ${kerasInfo.tensorflow} (tensorflow-cpu), Keras ${kerasInfo.keras}, NumPy ${kerasInfo.numpy}; intra_op=${kerasInfo.intra_op}, inter_op=${kerasInfo.inter_op} (0 = TensorFlow's default: all cores; Keras is not pinned, LayerLab pins per template as the app does: see the threads column); oneDNN as TensorFlow reports it (\`IsMklEnabled\`): ${kr?.onednn ?? (kerasInfo.onednn ? 'on' : 'off')}; TF_ENABLE_ONEDNN_OPTS=${kerasInfo.onednn_env ?? 'unset'}; process threads after training: ${kr?.threads ?? '-'}`,
  ].join('\n');
}

const ms = (s) => (s && !s.error ? `${fmt(s.medianMs, 2)} (${fmt(s.q1Ms, 2)}–${fmt(s.q3Ms, 2)})` : `error: ${String(s?.error ?? '-').replace(/\|/g, '/')}`);
const sps = (s) => (s && !s.error ? fmt(s.samplesPerSecond, 0) : '-');
const ratio = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-');

function telemetrySection(rows) {
  return `${TELEMETRY_HEADING}

train() (per batch: the app's \`TelemetryThrottle\` records loss and accuracy, sends every 100 ms, then yields to the event loop) against the same \`fit\` on the same compiled model, training step (\`prepareTrainingStep\`, as train() installs it) and data with only a timestamp per batch (\`bench/layerlab.ts train --plain\`); ${TELEMETRY_PAIRS} pairs of runs, each pair's order the reverse of the last, same steps as above; the overhead is the median of the pairs' own ratios of medians (a load spike during one run moves a pooled median of a 1.5 ms step by tens of percent). train() runs with layer images off here (\`--image-every off\`): their cost is the next section's. Target (issue #10): ≤ 3%. \`node bench/run.mjs --telemetry-only\` reruns only this section.

${telemetryTable(rows)}
`;
}

function telemetryTable(rows) {
  const measured = rows.filter((r) => r.telemetry);
  if (!measured.length) return '(not measured in this run)';
  return [
    '| template | training step | bare fit ms/step, median (IQR) | train() ms/step, median (IQR) | overhead per pair (train()/bare − 1) | overhead (median of the pairs) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...measured.map(
      (r) =>
        `| ${r.id} | ${shortNotes(r.telemetry.plainKernels)} | ${ms(r.telemetry.plain)} | ${ms(r.telemetry.app)} | ${(r.telemetry.pairs ?? []).map((x) => `${fmt((x - 1) * 100, 1)}%`).join(', ')} | ${fmt(r.telemetry.overheadPercent, 1)}% |`,
    ),
  ].join('\n');
}

const cell = (text) => String(text).replace(/\|/g, '/');
const range = (r) => (r ? `${ratio(r[0])}–${ratio(r[1])}` : '-');
/** A side's ratio, or why there is none. */
const sideRatio = (side, value) => (side?.error ? `error: ${cell(side.error).slice(0, 80)}` : ratio(value));

/** LayerLab against Keras with the same intra-op threads, where LayerLab pinned them; '-' where both ran TensorFlow's default. */
const sameThreads = (r) =>
  r.kerasSameThreads ? `${sideRatio(r.kerasSameThreads, r.sameThreadsRatio)} (${r.intraOpThreads} thread${r.intraOpThreads === '1' ? '' : 's'})` : '-';

function summaryTable(rows) {
  return [
    '| template | native/Keras | ratio range (per round) | vs Keras on LayerLab\'s threads | tfjs step/Keras | wasm/Keras | LayerLab step |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) =>
      r.error
        ? `| ${r.id} | error: ${cell(r.error)} | - | - | - | - | - |`
        : `| ${r.id} | ${r.keras.error ? `error: ${cell(r.keras.error).slice(0, 80)}` : ratio(r.ratio)} | ${range(r.ratioRange)} | ${sameThreads(r)} | ${r.tfjsStep ? sideRatio(r.tfjsStep, r.tfjsRatio) : '-'} | ${r.fallback ? sideRatio(r.fallback, r.fallbackRatio) : 'skipped'} | ${cell(shortNotes(r.kernels))}${r.kernelsDiffer ? ' **(runs differ)**' : ''} |`,
    ),
  ].join('\n');
}

function detailTable(rows) {
  const rounds = (r) => (r.rounds ?? []).map((x) => `${fmt(x.layerlabMs, 2)} / ${fmt(x.kerasMs, 2)} (${ratio(x.ratio)})`).join('; ');
  return [
    '| template | batch | batching | steps per run | timed steps LayerLab / Keras / tfjs step | LayerLab ms/step, median (IQR) | Keras ms/step, median (IQR) | rounds: LayerLab / Keras ms (ratio) | tfjs step ms/step, median (IQR) | wasm ms/step [timed steps] | samples/s LayerLab / Keras | params LayerLab / tfjs / Keras | load during row |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...rows
      .filter((r) => !r.error)
      .map((r) =>
        [
          r.id,
          r.batching === 'tutorial' ? 'varies' : r.batchSize,
          r.batching,
          r.steps,
          `${r.native.timedSteps ?? '-'} / ${r.keras.timedSteps ?? '-'} / ${r.tfjsStep?.timedSteps ?? '-'}`,
          ms(r.native),
          ms(r.keras),
          rounds(r),
          r.tfjsStep ? ms(r.tfjsStep) : '-',
          r.fallback ? `${ms(r.fallback)} [${r.fallback.timedSteps ?? '-'}]` : 'skipped',
          `${sps(r.native)} / ${sps(r.keras)}`,
          `${r.params.layerlab} / ${r.params.tfjs} / ${r.params.keras ?? '-'}${r.params.keras !== undefined && r.params.keras !== null && r.params.keras !== r.params.layerlab ? ' **differ**' : ''}`,
          `${fmt(r.load[0], 2)}–${fmt(r.load[1], 2)}`,
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ].join('\n');
}

/** Every note train() sent on how batches trained, per template and run kind. */
function kernelsList(rows) {
  const list = (notes) => (notes?.length ? notes.map((n) => `\`${n}\``).join('; ') : '(none sent)');
  return rows
    .filter((r) => !r.error)
    .map((r) => {
      const parts = [`native: ${list(r.kernels)}`];
      for (const other of r.kernelsDiffer ?? []) parts.push(`**a native run differed**: ${list(other)}`);
      if (r.tfjsKernels) parts.push(`\`--step tfjs\`: ${list(r.tfjsKernels)}`);
      if (r.fallbackKernels) parts.push(`wasm: ${list(r.fallbackKernels)}`);
      return `- **${r.id}**: ${parts.join('. ')}.`;
    })
    .join('\n');
}

function report(kerasInfo, rows) {
  return `# LayerLab vs Keras: time per training step

Generated by \`npm run bench\` (bench/run.mjs). **native/Keras** is LayerLab's median time per training step on the native backend (tfjs-node, the app's default training step) divided by Keras' on the same template, batches and data (below 1: LayerLab is faster), over ${ROUNDS} interleaved runs a side; **ratio range** is the lowest and highest of the ${ROUNDS} rounds' own ratios (one LayerLab run's median over the next Keras run's), i.e. how much the machine moved it. **vs Keras on LayerLab's threads** is, where LayerLab's trainer pinned TensorFlow's intra-op pool (src/trainer/threads.ts: one thread on a machine with at most 2 CPUs for a model without convolutions), the same LayerLab median over one more Keras run with \`TF_NUM_INTRAOP_THREADS\` set alike: like for like, beside native/Keras, which is Keras as its users run it. **tfjs step/Keras** is one native run with tfjs' own training step instead of the raw TensorFlow step (\`LAYERLAB_RAW_STEP=off\`), **wasm/Keras** one run of the WebAssembly fallback backend, both against the same Keras median. **LayerLab step** is how the native runs' batches trained, as train() reports it (full notes below).

${summaryTable(rows)}

## Machine

${machine(kerasInfo, rows)}

## Method

- **The app's own path.** LayerLab trains each template exactly as the app does: \`getTemplate(id)\` → \`planTraining\` → \`train()\` (src/trainer/train.ts: \`buildCompiledModel\`, with its fused recurrent layers on native; \`prepareTrainingStep\`, the raw TensorFlow training step where the backend and model allow it, else tfjs' own; \`loadTrainingData\`; \`fit\` or the tutorial's \`trainOnBatch\` loop, with the app's telemetry), run by bench/layerlab.ts with a \`TrainerContext\` whose \`onBatchEnd\` records a timestamp after every batch and which keeps train()'s \`kernels\` message (how batches train). Timed runs are one epoch with validation off, stopped after the timed steps (no test evaluation).
- **The same model in Keras.** \`bench/layerlab.ts export\` writes the Keras topology JSON the app compiles (model.json), the settings and the very arrays \`loadTrainingData\` produced; bench/keras_bench.py builds the model with \`tf.keras.models.model_from_json\`, compiles it with the template's optimizer (Adadelta lr 1.0, rho 0.95, epsilon 1e-6), losses and metrics, and trains with \`fit\` (same batch size, shuffled) or \`train_on_batch\` over the tutorial's batch ranges, timestamping \`on_train_batch_end\` (or each \`train_on_batch\` return).
- **Honest timing.** A step's time is the difference of consecutive batch-end timestamps, so fixed per-call costs of \`fit\` and post-training stalls are outside it; the first ${WARMUP} step intervals of every run are dropped (tracing, warm-up). A side's figure is the median over all timed steps of its ${ROUNDS} runs (inter-quartile range in brackets). LayerLab's first run stops after ${BUDGET_S} s of steps, but not before ${MIN_STEPS} timed steps (${MIN_BATCHES} batches), and at most ${MAX_STEPS} batches or one epoch; every other run does the same number of batches.
- **Interleaved.** Per template, each run in its own process: LayerLab (deciding the steps), export, Keras, LayerLab, Keras, LayerLab with tfjs' step, LayerLab, Keras: ${ROUNDS} LayerLab/Keras rounds, each round's ratio in the details. Then the wasm fallback (one run, ${FALLBACK_BUDGET_S} s of steps, at least ${FALLBACK_MIN_STEPS} batches, ${FALLBACK_WARMUP} interval dropped). Ratios only ever compare runs from this one bench run.
- **tfjs' own step.** \`bench/layerlab.ts train --step tfjs\` sets \`LAYERLAB_RAW_STEP=off\` before train(), which then keeps tfjs' train function (fused recurrent layers stay: they are the model, not the step); the run's notes must say so, else the column is an error. Where the raw step does not install (a layer it cannot train), both native columns time the same step.
- **Parameter counts.** LayerLab's summary total, tfjs' \`countParams()\` and Keras' \`count_params()\` of the model loaded from the JSON, side by side; a difference is marked.
- samples/s = samples in the timed steps / their summed time.

## Details

${detailTable(rows)}

## How LayerLab's batches trained

The notes train() sent (\`{ type: 'kernels' }\`) in each template's first native run, the \`--step tfjs\` run and the wasm run; a native run whose notes differ from the first is listed.

${kernelsList(rows)}

${telemetrySection(rows)}
`;
}

async function imagesOnly() {
  const rows = [];
  for (const id of ids.filter((i) => IMAGES.includes(i) || option('only'))) rows.push(await benchImages(id));
  load.stop();
  const out = option('out') ? path.resolve(option('out')) : path.join(benchDir, 'RESULTS.md');
  let existing = '';
  try {
    existing = readFileSync(out, 'utf8');
  } catch {
    existing = '# LayerLab vs Keras: time per training step\n';
  }
  writeFileSync(out, withImagesSection(existing, imagesSection(rows)));
  log(`wrote the layer images section of ${path.relative(root, out)} in ${duration((performance.now() - started) / 1000)}`);
}

/** `--telemetry-only`: reruns the telemetry section of RESULTS.md (step counts as a full run's first LayerLab run decides them). */
async function telemetryOnly() {
  const rows = [];
  for (const id of ids.filter((i) => TELEMETRY.includes(i))) {
    const first = await layerlabRun(id, ['--steps', String(MAX_STEPS), '--budget', String(BUDGET_S), '--min-steps', String(MIN_BATCHES)]);
    if (first.error) throw new Error(`${id}: ${first.error}`);
    const count = first.batchEndMs.length;
    const telemetry = await benchTelemetry(id, count, [first.batchSize]);
    log(`${id} telemetry: pairs ${telemetry.pairs.map((x) => `${fmt((x - 1) * 100, 1)}%`).join(', ')} → ${fmt(telemetry.overheadPercent, 1)}%`);
    rows.push({ id, telemetry });
  }
  load.stop();
  const out = option('out') ? path.resolve(option('out')) : path.join(benchDir, 'RESULTS.md');
  const markdown = readFileSync(out, 'utf8');
  const start = markdown.indexOf(TELEMETRY_HEADING);
  if (start < 0) throw new Error(`${out} has no "${TELEMETRY_HEADING}" section to replace`);
  const next = markdown.indexOf('\n## ', start + TELEMETRY_HEADING.length);
  const stamp = `\nRerun alone with \`--telemetry-only\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (load ${load.range(0).map((v) => fmt(v, 2)).join('–')}).\n`;
  writeFileSync(out, `${markdown.slice(0, start)}${telemetrySection(rows)}${stamp}${next < 0 ? '' : markdown.slice(next)}`);
  log(`wrote the telemetry section of ${path.relative(root, out)} in ${duration((performance.now() - started) / 1000)}`);
}

async function main() {
  if (flag('images-only')) return imagesOnly();
  if (flag('telemetry-only')) return telemetryOnly();
  const kerasInfo = await ensureKeras();
  log(kerasInfo.error ?? `Keras side: TensorFlow ${kerasInfo.tensorflow}, Keras ${kerasInfo.keras}`);
  const rows = [];
  for (const id of ids) {
    let row;
    try {
      row = await benchTemplate(id, kerasInfo);
    } catch (error) {
      row = { id, error: error instanceof Error ? error.message : String(error) };
    }
    rows.push(row);
    log(
      row.error
        ? `${id}: ${row.error}`
        : `${id}: ${row.steps} steps; LayerLab ${fmt(row.native.medianMs, 2)} ms/step, Keras ${fmt(row.keras.medianMs, 2)} → native/Keras ${ratio(row.ratio)} (rounds ${range(row.ratioRange)}); tfjs step ${fmt(row.tfjsStep?.medianMs, 2)} ms/step (${ratio(row.tfjsRatio)}); wasm ${fmt(row.fallback?.medianMs, 1)} ms/step; ${shortNotes(row.kernels)}; params ${row.params.layerlab}/${row.params.keras}`,
    );
  }
  const imageRows = [];
  for (const id of ids.filter((i) => IMAGES.includes(i))) imageRows.push(await benchImages(id));
  load.stop();
  const markdown = withImagesSection(report(kerasInfo, rows), imagesSection(imageRows));
  const out = option('out') ? path.resolve(option('out')) : path.join(benchDir, 'RESULTS.md');
  writeFileSync(out, markdown);
  writeFileSync(path.join(benchDir, '.cache', 'bench-results.json'), JSON.stringify(rows, null, 2));
  log(`wrote ${path.relative(root, out)} in ${duration((performance.now() - started) / 1000)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
