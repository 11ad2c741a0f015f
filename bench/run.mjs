// `npm run bench`: LayerLab (tfjs-node, and its fallback backend) against
// Keras (TensorFlow 2.15 in bench/.venv) on the 11 tutorial networks, the same
// batches for the same number of steps, plus the telemetry overhead and a short
// profile. Writes bench/RESULTS.md.
//
//   node bench/run.mjs [--only id,id] [--no-fallback] [--fresh] [--datasets DIR]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const cacheData = path.join(benchDir, '.cache', 'data');
// LAYERLAB_BENCH_VENV points at another virtual environment (created there when missing).
const venv = path.resolve(process.env.LAYERLAB_BENCH_VENV ?? path.join(benchDir, '.venv'));
const python = path.join(venv, 'bin', 'python');
const started = performance.now();

/**
 * Timed steps per network, the same on both sides (after one untimed warm-up
 * step), chosen so each timed run lasts about a second or more on 2 cores and
 * the whole bench stays well under 15 minutes. `fallback` caps the steps the
 * slow fallback backend runs.
 */
const PLAN = {
  'mlp-mnist': { steps: 100, fallback: 30 },
  'cnn-mnist': { steps: 40, fallback: 5 },
  'cnn-cifar10': { steps: 5, fallback: 1 },
  'gru-imdb': { steps: 5, fallback: 2 },
  'gru2-imdb': { steps: 4, fallback: 1 },
  'lstm-imdb': { steps: 5, fallback: 2 },
  'lstm-lm-alice': { steps: 30, fallback: 5 },
  'encdec-jaen': { steps: 15, fallback: 3 },
  'autoencoder-mnist': { steps: 60, fallback: 20 },
  'cbow-alice': { steps: 60, fallback: 20 },
  'skipgram-alice': { steps: 60, fallback: 20 },
};
const TELEMETRY = { 'mlp-mnist': 300, 'cnn-mnist': 100 };
const SEQ_LENGTHS = '35,70,140';
const PROFILE = ['gru-imdb', 'mlp-mnist'];
const CHILD_TIMEOUT_MS = 240_000;
/** Timed fits per network and side (LayerLab native, Keras); the median is reported, with the range. */
const REPEATS = 3;

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = option('only') ? new Set(option('only').split(',')) : null;
const ids = Object.keys(PLAN).filter((id) => !only || only.has(id));
const datasetsArgs = option('datasets') ? ['--data', path.resolve(option('datasets'))] : [];

function log(line) {
  console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

/** Runs a child to completion; `ipc` gives it a `process.send` channel whose messages are dropped. */
function run(command, args, { timeoutMs = CHILD_TIMEOUT_MS, ipc = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env },
      stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (ipc) child.on('message', () => {});
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** The JSON lines a child printed, or an error built from its exit. */
function jsonLines(result) {
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{'));
  const parsed = [];
  for (const l of lines) {
    try {
      parsed.push(JSON.parse(l));
    } catch {
      // not ours
    }
  }
  if (parsed.length) return parsed;
  const why = result.timedOut
    ? `timed out after ${CHILD_TIMEOUT_MS / 1000} s`
    : (result.stderr.trim().split('\n').filter((l) => /error/i.test(l)).at(-1) ?? result.stderr.trim().split('\n').at(-1) ?? `exit ${result.code}`);
  return [{ error: why.trim().slice(0, 200) }];
}

const tsx = (args, opts) => run(process.execPath, ['--import', 'tsx', path.join(benchDir, 'layerlab.ts'), ...args], opts);

// ---------------------------------------------------------------- environment

function sh(command) {
  const r = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

async function ensureKeras() {
  if (!existsSync(python)) {
    log(`${path.relative(root, venv) || venv} missing: creating it from bench/requirements.txt`);
    const mk = await run('python3', ['-m', 'venv', venv], { timeoutMs: 120_000 });
    if (mk.code !== 0) return { error: `python3 -m venv failed: ${mk.stderr.trim().split('\n').at(-1)}` };
    const pip = await run(path.join(venv, 'bin', 'pip'), ['install', '-r', path.join(benchDir, 'requirements.txt')], { timeoutMs: 900_000 });
    if (pip.code !== 0) return { error: `pip install failed: ${pip.stderr.trim().split('\n').at(-1)}` };
  }
  const info = jsonLines(await run(python, [path.join(benchDir, 'keras_bench.py'), '--data', cacheData, '--info'], { timeoutMs: 120_000 }))[0];
  return info.error ? { error: `Keras unavailable: ${info.error}` } : info;
}

function exportIsCurrent() {
  if (flag('fresh')) return false;
  return ids.every((id) => {
    try {
      const meta = JSON.parse(readFileSync(path.join(cacheData, id, 'meta.json'), 'utf8'));
      return meta.steps === PLAN[id].steps;
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------- formatting

const fmt = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const sps = (r) => (r?.error ? `error: ${r.error.replace(/\|/g, '/')}` : fmt(r?.samplesPerSecond));
/** Median samples/s with the range over the repeated runs. */
const spsRange = (r) =>
  ok(r) && r.samplesPerSecondRange && r.runs?.length > 1
    ? `${fmt(r.samplesPerSecond)} (${fmt(r.samplesPerSecondRange[0], 0)}–${fmt(r.samplesPerSecondRange[1], 0)})`
    : sps(r);
function duration(s) {
  if (!(typeof s === 'number' && Number.isFinite(s))) return '-';
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}
const ok = (r) => r && !r.error && typeof r.samplesPerSecond === 'number';

// ---------------------------------------------------------------- main

async function main() {
  const keras = await ensureKeras();
  log(keras.error ? keras.error : `Keras side: TensorFlow ${keras.tensorflow}, Keras ${keras.keras}`);

  if (exportIsCurrent()) log(`reusing exported data in ${path.relative(root, cacheData)} (--fresh re-exports)`);
  else {
    log('exporting the prepared data of each network');
    const steps = ids.map((id) => `${id}=${PLAN[id].steps}`).join(',');
    const r = await tsx(['export', '--out', cacheData, '--steps', steps, '--only', ids.join(','), ...datasetsArgs], { timeoutMs: 600_000 });
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('export'))) log(line);
    if (r.code !== 0) log(`export exited ${r.code}: ${r.stderr.trim().split('\n').at(-1)}`);
  }

  const results = [];
  for (const id of ids) {
    const row = { id, meta: null };
    try {
      row.meta = JSON.parse(readFileSync(path.join(cacheData, id, 'meta.json'), 'utf8'));
    } catch {
      const err = existsSync(path.join(cacheData, id, 'error.txt')) ? readFileSync(path.join(cacheData, id, 'error.txt'), 'utf8').split('\n')[0] : 'no exported data';
      row.native = row.keras = row.fallback = { error: `export failed: ${err}` };
      results.push(row);
      log(`${id}: ${row.native.error}`);
      continue;
    }
    row.native = jsonLines(await tsx(['measure', '--id', id, '--backend', 'native', '--repeats', String(REPEATS), '--data', cacheData]))[0];
    row.keras = keras.error
      ? { error: keras.error }
      : jsonLines(await run(python, [path.join(benchDir, 'keras_bench.py'), '--data', cacheData, '--only', id, '--repeats', String(REPEATS)]))[0];
    row.fallback = flag('no-fallback')
      ? { error: 'skipped (--no-fallback)' }
      : jsonLines(await tsx(['measure', '--id', id, '--backend', 'fallback', '--steps', String(PLAN[id].fallback), '--data', cacheData]))[0];
    results.push(row);
    log(`${id}: LayerLab ${sps(row.native)} samples/s, Keras ${sps(row.keras)}, fallback (${row.fallback.backend ?? '?'}) ${sps(row.fallback)}`);
  }

  const telemetry = [];
  for (const [id, steps] of Object.entries(TELEMETRY)) {
    if (only && !only.has(id)) continue;
    const t = jsonLines(await tsx(['telemetry', '--id', id, '--steps', String(steps), '--reps', '7', ...datasetsArgs], { ipc: true }))[0];
    telemetry.push({ id, ...t });
    log(`telemetry ${id}: ${t.error ?? `${fmt(t.overheadPercent)}% overhead`}`);
  }

  const profiles = [];
  for (const id of PROFILE) {
    if (only && !only.has(id)) continue;
    const p = jsonLines(await tsx(['profile', '--id', id, '--data', cacheData]))[0];
    profiles.push({ id, ...p });
    log(`profile ${id}: ${p.error ?? `${p.kernels} kernels, ${fmt(p.kernelSeconds * 1000)} ms kernel time in ${fmt(p.wallSeconds * 1000)} ms wall`}`);
  }

  let seq = null;
  if (!only || only.has('gru-imdb')) {
    const ll = jsonLines(await tsx(['seqlen', '--lengths', SEQ_LENGTHS, '--steps', '5', '--data', cacheData]))[0];
    const kr = keras.error ? { error: keras.error } : jsonLines(await run(python, [path.join(benchDir, 'keras_bench.py'), '--data', cacheData, '--seqlen', SEQ_LENGTHS, '--steps', '5']))[0];
    seq = { ll, kr };
    log(`sequence length sweep: LayerLab ${ll.error ?? 'done'}, Keras ${kr.error ?? 'done'}`);
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const markdown = report({ results, telemetry, profiles, seq, keras, totalSeconds });
  writeFileSync(path.join(benchDir, 'RESULTS.md'), markdown);
  console.log(`\n${markdown}`);
  log(`wrote bench/RESULTS.md in ${duration(totalSeconds)}`);
}

const overlaps = (t) => Math.max(...t.plainRuns) >= Math.min(...t.telemetryRuns) && Math.max(...t.telemetryRuns) >= Math.min(...t.plainRuns);
const loadAtStart = os.loadavg();

function machine(keras) {
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${cpu}; \`nproc\` = ${sh('nproc') || os.availableParallelism()}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} ${os.arch()}`,
    `- Load average (1/5/15 min) at start ${loadAtStart.map((v) => v.toFixed(2)).join('/')}, at end ${os.loadavg().map((v) => v.toFixed(2)).join('/')}: a shared 2-vCPU VM where other work may run concurrently; every timing is wall-clock, so the ranges in the tables show the run-to-run noise`,
    `- Node ${process.version}; @tensorflow/tfjs ${pkgVersion('@tensorflow/tfjs')}, tfjs-node ${pkgVersion('@tensorflow/tfjs-node')} (libtensorflow 2.9.1), tfjs-backend-wasm ${pkgVersion('@tensorflow/tfjs-backend-wasm')}`,
    keras.error
      ? `- Keras: ${keras.error}`
      : `- Python side: TensorFlow ${keras.tensorflow} (tensorflow-cpu), Keras ${keras.keras}, NumPy ${keras.numpy}; threading defaults intra_op=${keras.intra_op}, inter_op=${keras.inter_op} (0 = TensorFlow picks, i.e. all cores; tfjs-node's libtensorflow uses the same defaults, neither side is pinned); oneDNN ${keras.onednn}`,
  ].join('\n');
}

/** Least-squares slope and intercept of seconds per step against sequence length, in ms. */
function fitLine(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.length, 0) / n;
  const my = points.reduce((a, p) => a + p.secondsPerStep, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.length - mx) ** 2, 0);
  const slope = points.reduce((a, p) => a + (p.length - mx) * (p.secondsPerStep - my), 0) / sxx;
  return { slopeMs: slope * 1000, interceptMs: (my - slope * mx) * 1000 };
}

function seqTable(seq) {
  if (!seq) return '(not run)';
  const side = (r) => (r.error ? null : new Map(r.lengths.map((p) => [p.length, p.secondsPerStep])));
  const ll = side(seq.ll);
  const kr = side(seq.kr);
  const lengths = SEQ_LENGTHS.split(',').map(Number);
  const lines = [
    '| review length (timesteps) | LayerLab native ms/step | Keras ms/step | ratio |',
    '| ---: | ---: | ---: | ---: |',
    ...lengths.map((L) => {
      const a = ll?.get(L);
      const b = kr?.get(L);
      return `| ${L} | ${a ? fmt(a * 1000) : seq.ll.error ?? '-'} | ${b ? fmt(b * 1000) : seq.kr.error ?? '-'} | ${a && b ? `${(a / b).toFixed(2)}×` : '-'} |`;
    }),
  ];
  const fits = [];
  if (ll) {
    const f = fitLine(seq.ll.lengths);
    fits.push(`LayerLab ≈ ${fmt(f.interceptMs)} ms + ${fmt(f.slopeMs, 2)} ms per timestep`);
  }
  if (kr) {
    const f = fitLine(seq.kr.lengths);
    fits.push(`Keras ≈ ${fmt(f.interceptMs)} ms + ${fmt(f.slopeMs, 2)} ms per timestep`);
  }
  return `${lines.join('\n')}\n\nLinear fit of one training step (batch 32, ${seq.ll.steps ?? seq.kr.steps ?? '-'} timed steps per length): ${fits.join('; ')}.`;
}

function report({ results, telemetry, profiles, seq, keras, totalSeconds }) {
  const fallbackName = results.map((r) => r.fallback?.backend).find(Boolean) ?? 'fallback';
  const header = [
    'network',
    'batch',
    'timed steps',
    `LayerLab native samples/s, median (range) of ${REPEATS}`,
    `Keras samples/s, median (range) of ${REPEATS}`,
    'time ratio LayerLab/Keras',
    'epoch samples',
    'epoch LayerLab',
    'epoch Keras',
    `fallback (${fallbackName}) samples/s [steps]`,
    'fallback time ratio /Keras',
  ];
  const rows = results.map(({ id, meta, native, keras: k, fallback }) => {
    const ratio = ok(native) && ok(k) ? k.samplesPerSecond / native.samplesPerSecond : null;
    const fbRatio = ok(fallback) && ok(k) ? k.samplesPerSecond / fallback.samplesPerSecond : null;
    return [
      id,
      String(meta?.batch ?? '-'),
      String(meta?.steps ?? '-'),
      spsRange(native),
      spsRange(k),
      ratio === null ? '-' : `${ratio.toFixed(2)}×`,
      meta ? meta.epochSamples.toLocaleString('en') : '-',
      ok(native) ? duration(meta.epochSamples / native.samplesPerSecond) : '-',
      ok(k) ? duration(meta.epochSamples / k.samplesPerSecond) : '-',
      ok(fallback) ? `${sps(fallback)} [${fallback.steps}]` : sps(fallback),
      fbRatio === null ? '-' : `${fbRatio.toFixed(1)}×`,
    ];
  });
  const table = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const epochHow = results.filter((r) => r.meta).map((r) => `- ${r.id}: ${r.meta.epochSamples.toLocaleString('en')} = ${r.meta.epochHow}`).join('\n');
  const fbDetail = [...new Set(results.map((r) => r.fallback?.detail).filter(Boolean))].map((d) => `- ${d}`).join('\n');
  const losses = results
    .filter((r) => ok(r.native) && ok(r.keras))
    .map((r) => `${r.id} ${fmt(r.native.loss, 3)} / ${fmt(r.keras.loss, 3)}`)
    .join('; ');

  const tel = telemetry.length
    ? [
        '| network | timed steps | runs | fit, no callbacks: median (range) | fit, app telemetry: median (range) | overhead | activation snapshots per run | sink |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        ...telemetry.map((t) =>
          t.error
            ? `| ${t.id} | - | - | error: ${t.error} | - | - | - | - |`
            : `| ${t.id} | ${t.steps} | ${t.reps} | ${fmt(t.plainSeconds * 1000)} ms (${fmt(Math.min(...t.plainRuns) * 1000, 0)}–${fmt(Math.max(...t.plainRuns) * 1000, 0)}) | ${fmt(t.telemetrySeconds * 1000)} ms (${fmt(Math.min(...t.telemetryRuns) * 1000, 0)}–${fmt(Math.max(...t.telemetryRuns) * 1000, 0)}) | ${fmt(t.overheadPercent)}% ${t.overheadPercent <= 3 ? '(≤ 3% target met)' : '(over the 3% target)'}${overlaps(t) ? '; run ranges overlap: within noise' : ''} | ${t.snapshotsPerRun} | ${t.sink} |`,
        ),
      ].join('\n')
    : '(not run)';

  const prof = profiles
    .map((p) =>
      p.error
        ? `- ${p.id}: error: ${p.error}`
        : `- ${p.id} (batch ${p.batch}): one training batch (\`trainOnBatch\`) runs **${p.kernels.toLocaleString('en')} kernels** (${p.distinctKernels} kinds) in ${fmt(p.wallSeconds * 1000)} ms wall untraced, i.e. **${fmt((p.wallSeconds * 1e6) / p.kernels)} µs per kernel**; under \`tf.profile\` the kernels' own timers sum to ${fmt(p.kernelSeconds * 1000)} ms (tfjs-node times each kernel from JS, so that includes the binding call and is inflated by profiling). Top kernels by time: ${p.top.map((k) => `${k.name} ×${k.count} ${fmt(k.ms)} ms`).join(', ')}.`,
    )
    .join('\n');

  return `# LayerLab vs Keras benchmark

Generated by \`npm run bench\` (bench/run.mjs) in ${duration(totalSeconds)}.

## Machine

${machine(keras)}

## Method

- Both sides train the **same architectures** (bench/keras_bench.py re-writes src/trainer/networks/*.ts in Keras 2: same layers, sizes, activations, Glorot-uniform kernels, orthogonal recurrent kernels, hard-sigmoid recurrent gates, GRU \`reset_after=False\`, LSTM forget bias 1), compiled with the optimizer and hyper-parameters LayerLab's model reports (exported in meta.json) and the same loss, on the **same arrays**: \`bench/layerlab.ts export\` writes the first (1 + steps) × batch samples each network's loader prepares (little-endian binaries in bench/.cache/data/<id>/).
- Same batch size (the seed's) and the same number of timed steps on both sides. Each side: one untimed warm-up \`fit\` on the first batch (builds/traces the graph), then one timed \`fit\` over the next \`steps\` batches with epochs 1, no shuffling, verbose 0 (LayerLab also \`yieldEvery: 'never'\`, as the app trains). Every measurement runs in its own process.
- "time ratio" = LayerLab seconds per sample / Keras seconds per sample (> 1: LayerLab is slower).
- Projected epoch = epoch samples / measured samples/s. Epoch sizes (the loaders' sample counts on the full data in /work/shared/datasets):
${epochHow}
- Fallback: LayerLab's non-native backend via \`loadTf('wasm')\` (else \`loadTf('cpu')\`), fewer steps (in brackets) because it is slow:
${fbDetail || '- (not run)'}
- Sanity check, mean training loss over the timed steps, LayerLab / Keras (different random initial weights, so close but not equal): ${losses || '-'}

## Throughput

${table}

## Telemetry cost (LayerLab native)

\`fit\` with no callbacks against \`fit\` with the app's telemetry: src/trainer/train.ts' onBatchEnd recording loss/acc into src/trainer/telemetry.ts' \`TelemetryThrottle\` (flushes every 100 ms, then yields to the event loop), sent with \`process.send\` over a real IPC channel to the parent; plus every 20 batches a snapshot of the first layer's output for one sample (\`tf.model({inputs, outputs: layer.output}).predict\`, copied to a Float32Array and sent). Runs alternate between the two modes; medians of ${telemetry[0]?.reps ?? '-'} runs each. Target from issue #3: ≤ 3% (reported, not asserted).

${tel}

## Where LayerLab is slower, and why

${prof || '- (not run)'}

gru-imdb's architecture at shorter reviews (the last L words of the same batches), training time per step:

${seqTable(seq)}

${ANALYSIS}
`;
}

const ANALYSIS = `Reading the numbers:

- **Recurrent networks** (gru-imdb, gru2-imdb, lstm-imdb, encdec-jaen, lstm-lm-alice) show the largest ratios. tfjs-layers runs an RNN by unrolling it in JavaScript: for each of the 140 timesteps it calls the cell's ops one at a time (matMul, add, split, hard-sigmoid's mul/add/clip, tanh, …), and the backward pass replays the tape the same way, so one GRU batch of 32 is ~22,700 separate eager kernel calls (~160 per timestep), each a tiny op (e.g. a [32,128]×[128,384] matMul) that costs tens of µs of JS dispatch, tape bookkeeping, an N-API call and TF eager-op setup: the step time is kernel count × per-call cost, not FLOPs. The sequence-length sweep shows the same thing: LayerLab's time per step grows several times faster per timestep than Keras'. Keras/TF runs the same recurrence as one traced graph with a \`while_loop\` executed by the C++ runtime (no Python per timestep). Fixing this needs a fused RNN kernel or a graph-mode loop in the engine, out of scope here.
- **Embedding-heavy networks** (IMDB's 20,000×128, cbow/skip-gram's 5,000×300, ja-en's 10,000×256): tfjs' gather gradient is a dense UnsortedSegmentSum the size of the whole table, and the optimizer then does dense arithmetic on every row; TF keeps the gradient as IndexedSlices (only the rows in the batch) and scatters it into the slots (its optimizers still decay full slot tables).
- **Convolutional and dense networks** run the same TensorFlow kernels on both sides (tfjs-node wraps libtensorflow 2.9.1, Keras uses 2.15.1 with oneDNN); the remaining gap is per-op dispatch (tfjs executes eagerly, op by op; Keras runs one traced graph per step) and kernel version differences.
- The fallback backend is pure WebAssembly/JavaScript (single thread, no libtensorflow), hence its much larger ratios; it exists so the app works where tfjs-node cannot load.
`;

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
