// `npm run bench`: time per training step of each template, LayerLab (the
// app's own path: template → planTraining → buildCompiledModel →
// loadTrainingData → train()) against Keras 2.15 building the same model from
// LayerLab's exported topology JSON, on the same arrays and batches. Writes
// bench/RESULTS.md.
//
//   node bench/run.mjs [--only id,id] [--no-fallback] [--budget SECONDS]
//
// Per template: export, then LayerLab, Keras, Keras, LayerLab (interleaved, so
// drift in the machine's load hits both sides alike), then the wasm fallback.
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
  selectIds,
} from './lib.mjs';

const { flag, option } = argvOptions();
const ids = selectIds(option('only'));
const exportDir = path.join(benchDir, '.cache', 'bench');
/** LayerLab's first run stops after this many seconds of steps (at least MIN_STEPS); every later run does as many steps. */
const BUDGET_S = Number(option('budget') ?? 8);
const MAX_STEPS = 400;
const MIN_STEPS = 15;
/** Step intervals dropped at the start of each run: graph tracing, first allocations, warm caches. */
const WARMUP = 3;
const FALLBACK_BUDGET_S = 6;
const FALLBACK_MIN_STEPS = 6;
const FALLBACK_WARMUP = 1;
/** Templates whose telemetry cost is measured (train() against a bare `fit`). */
const TELEMETRY = ['mlp-mnist', 'cnn-mnist'];
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

async function kerasRun(dir, count) {
  const r = await keras(['time', '--dir', dir, '--steps', String(count)], { timeoutMs: 300_000 });
  const out = lastJson(r);
  return { ...out, onednn: out.onednn === true ? 'on' : out.onednn === false ? 'off' : null };
}

async function benchTemplate(id, kerasInfo) {
  const from = load.mark();
  const row = { id };
  // LayerLab's first run decides the step count; batch size and batching are the template's own.
  const first = await layerlabRun(id, ['--steps', String(MAX_STEPS), '--budget', String(BUDGET_S), '--min-steps', String(MIN_STEPS)]);
  if (first.error) return { ...row, error: first.error.includes('unknown template') ? 'no template yet' : `LayerLab: ${first.error}` };
  row.batchSize = first.batchSize;
  row.batching = first.batching;
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

  const kerasRuns = [];
  if (!kerasInfo.error) {
    kerasRuns.push(await kerasRun(dir, count));
    kerasRuns.push(await kerasRun(dir, count));
    row.params.keras = kerasRuns.find((r) => !r.error)?.params ?? null;
  }
  const second = await layerlabRun(id, ['--steps', String(count)]);
  row.native = summarize([first, second], sizes, WARMUP);
  row.keras = kerasInfo.error ? { error: kerasInfo.error } : summarize(kerasRuns, sizes, WARMUP);
  row.ratio = row.native.medianMs / row.keras.medianMs;

  if (!flag('no-fallback')) {
    const fb = await layerlabRun(id, ['--backend', 'wasm', '--steps', String(count), '--budget', String(FALLBACK_BUDGET_S), '--min-steps', String(FALLBACK_MIN_STEPS)]);
    row.fallback = summarize([fb], sizes, FALLBACK_WARMUP);
    row.fallbackRatio = row.fallback.medianMs / row.keras.medianMs;
  }
  if (TELEMETRY.includes(id) && row.batching !== 'tutorial') {
    // Telemetry cost: the same fit with and without the app's per-batch work, alternating.
    const plain = [];
    const app = [];
    for (let i = 0; i < 2; i++) {
      plain.push(await layerlabRun(id, ['--steps', String(count), '--plain']));
      app.push(await layerlabRun(id, ['--steps', String(count)]));
    }
    const p = summarize(plain, sizes, WARMUP);
    const a = summarize(app, sizes, WARMUP);
    row.telemetry = { plain: p, app: a, overheadPercent: (a.medianMs / p.medianMs - 1) * 100 };
  }
  row.load = load.range(from);
  return row;
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
      : `- Keras: TensorFlow ${kerasInfo.tensorflow} (tensorflow-cpu), Keras ${kerasInfo.keras}, NumPy ${kerasInfo.numpy}; intra_op=${kerasInfo.intra_op}, inter_op=${kerasInfo.inter_op} (0 = TensorFlow's default: all cores; neither side is pinned); oneDNN as TensorFlow reports it (\`IsMklEnabled\`): ${kr?.onednn ?? (kerasInfo.onednn ? 'on' : 'off')}; TF_ENABLE_ONEDNN_OPTS=${kerasInfo.onednn_env ?? 'unset'}; process threads after training: ${kr?.threads ?? '-'}`,
  ].join('\n');
}

const ms = (s) => (s && !s.error ? `${fmt(s.medianMs, 2)} (${fmt(s.q1Ms, 2)}–${fmt(s.q3Ms, 2)})` : `error: ${String(s?.error ?? '-').replace(/\|/g, '/')}`);
const sps = (s) => (s && !s.error ? fmt(s.samplesPerSecond, 0) : '-');
const ratio = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-');

function telemetryTable(rows) {
  const measured = rows.filter((r) => r.telemetry);
  if (!measured.length) return '(not measured in this run)';
  return [
    '| template | bare fit ms/step, median (IQR) | train() ms/step, median (IQR) | overhead |',
    '| --- | ---: | ---: | ---: |',
    ...measured.map((r) => `| ${r.id} | ${ms(r.telemetry.plain)} | ${ms(r.telemetry.app)} | ${fmt(r.telemetry.overheadPercent, 1)}% |`),
  ].join('\n');
}

function report(kerasInfo, rows) {
  const summary = [
    '| template | native/Keras | LayerLab samples/s | Keras samples/s | wasm/Keras |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      r.error ? `| ${r.id} | ${r.error.replace(/\|/g, '/')} | - | - | - |` : `| ${r.id} | ${ratio(r.ratio)} | ${sps(r.native)} | ${sps(r.keras)} | ${ratio(r.fallbackRatio)} |`,
    ),
  ].join('\n');
  const detail = [
    '| template | batch | batching | steps per run | timed steps LayerLab / Keras | LayerLab ms/step, median (IQR) | per-run medians | Keras ms/step, median (IQR) | per-run medians | wasm ms/step [timed steps] | params LayerLab / tfjs / Keras | load during row |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...rows
      .filter((r) => !r.error)
      .map((r) =>
        [
          r.id,
          r.batching === 'tutorial' ? 'varies' : r.batchSize,
          r.batching,
          r.steps,
          `${r.native.timedSteps ?? '-'} / ${r.keras.timedSteps ?? '-'}`,
          ms(r.native),
          (r.native.perRunMs ?? []).map((v) => fmt(v, 2)).join(', '),
          ms(r.keras),
          (r.keras.perRunMs ?? []).map((v) => fmt(v, 2)).join(', '),
          r.fallback ? `${ms(r.fallback)} [${r.fallback.timedSteps ?? '-'}]` : 'skipped',
          `${r.params.layerlab} / ${r.params.tfjs} / ${r.params.keras ?? '-'}${r.params.keras !== undefined && r.params.keras !== r.params.layerlab ? ' **differ**' : ''}`,
          `${fmt(r.load[0], 2)}–${fmt(r.load[1], 2)}`,
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ].join('\n');
  return `# LayerLab vs Keras: time per training step

Generated by \`npm run bench\` (bench/run.mjs). **native/Keras** is LayerLab's median time per training step on the native backend (tfjs-node) divided by Keras' on the same template, batches and data (below 1: LayerLab is faster). **wasm/Keras** is the same for LayerLab's WebAssembly fallback backend.

${summary}

## Machine

${machine(kerasInfo, rows)}

## Method

- **The app's own path.** LayerLab trains each template exactly as the app does: \`getTemplate(id)\` → \`planTraining\` → \`train()\` (src/trainer/train.ts: \`buildCompiledModel\`, \`loadTrainingData\`, \`fit\` or the tutorial's \`trainOnBatch\` loop, with the app's telemetry), run by bench/layerlab.ts with a \`TrainerContext\` whose \`onBatchEnd\` records a timestamp after every batch. Timed runs are one epoch with validation off, stopped after the timed steps (no test evaluation).
- **The same model in Keras.** \`bench/layerlab.ts export\` writes the Keras topology JSON the app compiles (model.json), the settings and the very arrays \`loadTrainingData\` produced; bench/keras_bench.py builds the model with \`tf.keras.models.model_from_json\`, compiles it with the template's optimizer (Adadelta lr 1.0, rho 0.95, epsilon 1e-6), losses and metrics, and trains with \`fit\` (same batch size, shuffled) or \`train_on_batch\` over the tutorial's batch ranges, timestamping \`on_train_batch_end\` (or each \`train_on_batch\` return).
- **Honest timing.** A step's time is the difference of consecutive batch-end timestamps, so fixed per-call costs of \`fit\` and post-training stalls are outside it; the first ${WARMUP} step intervals of every run are dropped (tracing, warm-up). The figure is the median over all timed steps of both runs of a side (inter-quartile range in brackets, and each run's own median). LayerLab's first run stops after ${BUDGET_S} s of steps (at least ${MIN_STEPS}, at most ${MAX_STEPS}); every other run does the same number of steps.
- **Interleaved.** Per template: LayerLab, Keras, Keras, LayerLab, each in its own process, then the wasm fallback (one run, ${FALLBACK_BUDGET_S} s of steps, ${FALLBACK_WARMUP} interval dropped). Ratios only ever compare runs from this one bench run.
- **Parameter counts.** LayerLab's summary total, tfjs' \`countParams()\` and Keras' \`count_params()\` of the model loaded from the JSON, side by side; a difference is marked.
- samples/s = samples in the timed steps / their summed time.

## Details

${detail}

## Telemetry cost

train() (per batch: the app's \`TelemetryThrottle\` records loss and accuracy, sends every 100 ms, then yields to the event loop) against the same \`fit\` on the same compiled model and data with only a timestamp per batch (\`bench/layerlab.ts train --plain\`); two runs each, alternating, same steps as above. Target (issue #10): ≤ 3%.

${telemetryTable(rows)}
`;
}

async function main() {
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
        : `${id}: ${row.steps} steps; LayerLab ${fmt(row.native.medianMs, 2)} ms/step, Keras ${fmt(row.keras.medianMs, 2)} → native/Keras ${ratio(row.ratio)}; wasm ${fmt(row.fallback?.medianMs, 1)} ms/step; params ${row.params.layerlab}/${row.params.keras}`,
    );
  }
  load.stop();
  const markdown = report(kerasInfo, rows);
  const out = option('out') ? path.resolve(option('out')) : path.join(benchDir, 'RESULTS.md');
  writeFileSync(out, markdown);
  writeFileSync(path.join(benchDir, '.cache', 'bench-results.json'), JSON.stringify(rows, null, 2));
  log(`wrote ${path.relative(root, out)} in ${duration((performance.now() - started) / 1000)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
