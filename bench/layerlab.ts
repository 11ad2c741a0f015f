/**
 * LayerLab's side of `npm run bench` (driven by bench/run.mjs; run with tsx).
 *
 *   npx tsx bench/layerlab.ts export --out DIR --steps id=N,id=N [--data DATASETS]
 *       Writes, per network, the exact arrays LayerLab trains on (the first
 *       (1 + steps) × batch samples: one warm-up batch, then the timed ones) as
 *       raw little-endian binaries with a meta.json, for bench/keras_bench.py.
 *   npx tsx bench/layerlab.ts measure --id ID --backend native|wasm|cpu|fallback --data DIR [--steps N]
 *       Trains the network on those arrays: one untimed warm-up `fit` on the
 *       first batch, then one timed `fit` over `steps` batches. Prints one JSON line.
 *   npx tsx bench/layerlab.ts telemetry --id ID [--steps N] [--reps N] [--data DATASETS]
 *       Native `fit` without callbacks against `fit` with the app's telemetry.
 *   npx tsx bench/layerlab.ts profile --id ID --data DIR
 *       Kernel counts and kernel time against wall time for one training batch.
 *
 * Timing follows src/trainer/networks/measure.ts: `fit` with epochs 1,
 * shuffle false, verbose 0 and yieldEvery 'never'.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as TF from '@tensorflow/tfjs';
import { getNetwork, NETWORKS, type NetworkDefinition, type Tf } from '../src/trainer/networks';
import { TelemetryThrottle, yieldToEventLoop } from '../src/trainer/telemetry';

const nodeRequire = createRequire(__filename);
const list = (t: TF.Tensor | TF.Tensor[]) => (Array.isArray(t) ? t : [t]);

/**
 * Samples per seed epoch where it differs from what the loader has (as in
 * src/trainer/networks/measure.ts): the MLP holds out 20% for validation; the
 * CIFAR-10 file here is the first 200 images of the 50,000-image training set.
 */
const EPOCH_SAMPLES: Record<string, { samples: (loaded: number) => number; how: string }> = {
  'mlp-mnist': { samples: (n) => Math.round(n * 0.8), how: '80% of the MNIST training set (the seed holds out 20% for validation)' },
  'cnn-cifar10': { samples: () => 50_000, how: 'the full CIFAR-10 training set (50,000; only the first 200 images are stored here, timed batches cycle them)' },
};

interface ArrayMeta {
  file: string;
  dtype: 'float32' | 'int32';
  shape: number[];
}

export interface Meta {
  id: string;
  title: string;
  batch: number;
  steps: number;
  warmup: number;
  samples: number;
  epochSamples: number;
  epochHow: string;
  params: number;
  targets: 'dense' | 'sparse';
  optimizer: { className: string; config: Record<string, unknown> };
  loss: string | string[];
  metrics: string[];
  inputs: ArrayMeta[];
  outputs: ArrayMeta[];
}

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out.set(a.slice(2), 'true');
      else {
        out.set(a.slice(2), next);
        i++;
      }
    }
  }
  return out;
}

function datasetsDir(f: Map<string, string>): string {
  const repoRoot = path.resolve(__dirname, '..');
  return path.resolve(f.get('data') ?? process.env.LAYERLAB_TEST_DATA ?? path.join(repoRoot, '..', 'shared', 'datasets'));
}

async function nativeTf(): Promise<Tf> {
  const tf = nodeRequire('@tensorflow/tfjs-node') as Tf;
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tfjs-node's 'tensorflow' backend failed to initialise");
  await tf.ready();
  return tf;
}

/** Rows `[from, from + count)`, repeating the data cyclically when it has fewer rows. */
function rows(tf: Tf, t: TF.Tensor, from: number, count: number): TF.Tensor {
  return tf.tidy(() => {
    const n = t.shape[0]!;
    const index = tf.tensor1d(Int32Array.from({ length: count }, (_, i) => (from + i) % n), 'int32');
    return tf.gather(t, index);
  });
}

// ---------------------------------------------------------------- export

async function exportData(f: Map<string, string>): Promise<void> {
  const tf = await nativeTf();
  const outDir = path.resolve(f.get('out') ?? path.join(__dirname, '.cache', 'data'));
  const steps = new Map((f.get('steps') ?? '').split(',').filter(Boolean).map((kv) => [kv.split('=')[0]!, Number(kv.split('=')[1])]));
  const only = f.has('only') ? new Set(f.get('only')!.split(',')) : null;
  const dataDir = datasetsDir(f);
  for (const network of NETWORKS) {
    if (only && !only.has(network.id)) continue;
    const started = performance.now();
    try {
      const meta = await exportOne(tf, network, dataDir, path.join(outDir, network.id), steps.get(network.id) ?? 10);
      console.log(`exported ${network.id}: ${meta.samples} samples (epoch ${meta.epochSamples}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      console.log(`export failed ${network.id}: ${(error as Error).message.split('\n')[0]}`);
      mkdirSync(path.join(outDir, network.id), { recursive: true });
      writeFileSync(path.join(outDir, network.id, 'error.txt'), String((error as Error).stack ?? error));
    }
  }
}

async function exportOne(tf: Tf, network: NetworkDefinition, dataDir: string, dir: string, steps: number): Promise<Meta> {
  const data = await network.loadData(tf, dataDir);
  const model = network.build(tf);
  try {
    const batch = network.seedBatchSize;
    const warmup = 1;
    const count = (warmup + steps) * batch;
    mkdirSync(dir, { recursive: true });
    const write = (t: TF.Tensor, file: string): ArrayMeta => {
      const picked = rows(tf, t, 0, count);
      const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
      const values = picked.dataSync() as Float32Array | Int32Array;
      writeFileSync(path.join(dir, file), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
      const shape = picked.shape as number[];
      picked.dispose();
      return { file, dtype, shape };
    };
    const epoch = EPOCH_SAMPLES[network.id];
    const optimizer = model.optimizer as unknown as { getClassName(): string; getConfig(): Record<string, unknown> };
    const meta: Meta = {
      id: network.id,
      title: network.title,
      batch,
      steps,
      warmup,
      samples: count,
      epochSamples: epoch ? epoch.samples(data.samples) : data.samples,
      epochHow: epoch ? epoch.how : `all ${data.samples.toLocaleString('en')} samples the loader prepares from the full training data`,
      params: model.countParams(),
      targets: network.targets,
      optimizer: { className: optimizer.getClassName(), config: optimizer.getConfig() },
      loss: model.loss as string | string[],
      metrics: (model as unknown as { metricsNames?: string[] }).metricsNames ?? [],
      inputs: list(data.xs).map((t, i) => write(t, `x${i}.bin`)),
      outputs: list(data.ys).map((t, i) => write(t, `y${i}.bin`)),
    };
    writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    return meta;
  } finally {
    tf.dispose([...list(data.xs), ...list(data.ys)]);
    model.optimizer.dispose();
    model.dispose();
  }
}

function readArray(tf: Tf, dir: string, a: ArrayMeta): TF.Tensor {
  const buf = readFileSync(path.join(dir, a.file));
  const copy = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const values = a.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
  return tf.tensor(values, a.shape, a.dtype);
}

// ---------------------------------------------------------------- measure

async function backendFor(choice: string): Promise<{ tf: Tf; name: string; detail: string }> {
  if (choice === 'native') {
    const tf = await nativeTf();
    return { tf, name: 'tensorflow', detail: `tfjs-node ${(tf.version as Record<string, string>)['tfjs-node']}` };
  }
  const { loadTf } = await import('../src/trainer/tfBackend');
  const tries = choice === 'fallback' ? (['wasm', 'cpu'] as const) : ([choice] as const);
  const problems: string[] = [];
  for (const preference of tries) {
    try {
      const { tf, backend } = await loadTf(preference as 'wasm' | 'cpu');
      return { tf, name: backend.name, detail: backend.detail + (problems.length ? ` [${problems.join('; ')}]` : '') };
    } catch (error) {
      problems.push(`${preference}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no fallback backend: ${problems.join('; ')}`);
}

async function measure(f: Map<string, string>): Promise<void> {
  const id = f.get('id')!;
  const network = getNetwork(id);
  if (!network) throw new Error(`unknown network ${id}`);
  const dir = path.join(path.resolve(f.get('data') ?? path.join(__dirname, '.cache', 'data')), id);
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
  const steps = Math.min(Number(f.get('steps') ?? meta.steps), meta.steps);
  const { tf, name, detail } = await backendFor(f.get('backend') ?? 'native');
  const xs = meta.inputs.map((a) => readArray(tf, dir, a));
  const ys = meta.outputs.map((a) => readArray(tf, dir, a));
  const model = network.build(tf);
  const batch = meta.batch;
  const fitArgs = { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 as const, yieldEvery: 'never' as const };
  const slice = (ts: TF.Tensor[], from: number, count: number) => ts.map((t) => t.slice(from, count));
  const one = (ts: TF.Tensor[]) => (ts.length === 1 ? ts[0]! : ts);

  const warmX = slice(xs, 0, batch);
  const warmY = slice(ys, 0, batch);
  const w0 = performance.now();
  await model.fit(one(warmX), one(warmY), fitArgs);
  const warmupSeconds = (performance.now() - w0) / 1000;
  tf.dispose([...warmX, ...warmY]);

  const count = steps * batch;
  const x = slice(xs, batch, count);
  const y = slice(ys, batch, count);
  // `repeats` timed fits over the same batches; the median is reported.
  const repeats = Math.max(1, Number(f.get('repeats') ?? 1));
  const runs: number[] = [];
  let loss: unknown;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const history = await model.fit(one(x), one(y), fitArgs);
    runs.push((performance.now() - start) / 1000);
    if (r === 0) loss = history.history.loss?.[0];
  }
  const seconds = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  console.log(
    JSON.stringify({
      id,
      backend: name,
      detail,
      batch,
      steps,
      seconds,
      runs,
      warmupSeconds,
      samplesPerSecond: count / seconds,
      samplesPerSecondRange: [count / Math.max(...runs), count / Math.min(...runs)],
      loss: typeof loss === 'number' ? loss : null,
      params: model.countParams(),
    }),
  );
}

// ---------------------------------------------------------------- telemetry

/**
 * The app's telemetry (src/trainer/train.ts): an onBatchEnd that records loss
 * and accuracy into a TelemetryThrottle, which sends them every 100 ms (through
 * `process.send` when there is an IPC channel, else JSON.stringify into a sink)
 * and then yields to the event loop; plus, every `every` batches, a snapshot of
 * the first layer's output for one sample, copied out as a typed array.
 */
function telemetryCallbacks(tf: Tf, model: TF.LayersModel, sample: TF.Tensor | TF.Tensor[], every: number) {
  let sinkBytes = 0;
  const send = (message: unknown) => {
    if (process.send) process.send(message);
    else sinkBytes += JSON.stringify(message).length;
  };
  const throttle = new TelemetryThrottle(send as ConstructorParameters<typeof TelemetryThrottle>[0]);
  const first = model.layers.find((l) => l.getClassName() !== 'InputLayer')!;
  const probe = tf.model({ inputs: model.inputs, outputs: first.output as TF.SymbolicTensor });
  let step = 0;
  let snapshots = 0;
  const callbacks = {
    onBatchEnd: async (batch: number, logs?: TF.Logs) => {
      step += 1;
      const record = { step, epoch: 1, loss: logs?.loss ?? Number.NaN, acc: logs?.acc ?? null };
      const progress = { type: 'progress' as const, epoch: 1, epochs: 1, batch: batch + 1, batches: 0, elapsedMs: 0, etaMs: null };
      if (throttle.batch(record, progress)) await yieldToEventLoop();
      if (step % every === 0) {
        const out = probe.predict(sample) as TF.Tensor;
        const values = Float32Array.from(out.dataSync() as Float32Array);
        const shape = out.shape;
        out.dispose();
        send({ type: 'activations', layer: first.name, shape, values: Array.from(values) });
        snapshots++;
      }
    },
  };
  return { callbacks, stats: () => ({ snapshots, sinkBytes }) };
}

async function telemetry(f: Map<string, string>): Promise<void> {
  const id = f.get('id')!;
  const network = getNetwork(id);
  if (!network) throw new Error(`unknown network ${id}`);
  const steps = Number(f.get('steps') ?? 60);
  const reps = Number(f.get('reps') ?? 3);
  const every = Number(f.get('every') ?? 20);
  const tf = await nativeTf();
  const batch = network.seedBatchSize;
  const data = await network.loadData(tf, datasetsDir(f), { limit: (steps + 1) * batch });
  const model = network.build(tf);
  const xs = list(data.xs);
  const ys = list(data.ys);
  const one = (ts: TF.Tensor[]) => (ts.length === 1 ? ts[0]! : ts);
  const sample = one(xs.map((t) => t.slice(0, 1)));
  const fitArgs = { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 as const, yieldEvery: 'never' as const };
  const x = one(xs.map((t) => t.slice(batch, steps * batch)));
  const y = one(ys.map((t) => t.slice(batch, steps * batch)));
  const warm = [one(xs.map((t) => t.slice(0, batch))), one(ys.map((t) => t.slice(0, batch)))] as const;
  await model.fit(warm[0], warm[1], fitArgs);
  await model.fit(warm[0], warm[1], { ...fitArgs, callbacks: telemetryCallbacks(tf, model, sample, every).callbacks });

  const times: Record<'plain' | 'telemetry', number[]> = { plain: [], telemetry: [] };
  let stats = { snapshots: 0, sinkBytes: 0 };
  for (let r = 0; r < reps; r++) {
    const order = r % 2 === 0 ? (['plain', 'telemetry'] as const) : (['telemetry', 'plain'] as const);
    for (const mode of order) {
      const t = mode === 'telemetry' ? telemetryCallbacks(tf, model, sample, every) : null;
      const start = performance.now();
      await model.fit(x, y, t ? { ...fitArgs, callbacks: t.callbacks } : fitArgs);
      times[mode].push((performance.now() - start) / 1000);
      if (t) stats = t.stats();
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const plain = median(times.plain);
  const withTelemetry = median(times.telemetry);
  console.log(
    JSON.stringify({
      id,
      steps,
      reps,
      every,
      plainSeconds: plain,
      telemetrySeconds: withTelemetry,
      overheadPercent: ((withTelemetry - plain) / plain) * 100,
      plainRuns: times.plain,
      telemetryRuns: times.telemetry,
      snapshotsPerRun: stats.snapshots,
      sink: process.send ? 'process.send' : 'JSON.stringify',
    }),
  );
}

// ---------------------------------------------------------------- profile

/** One training batch under tf.profile: how many kernels ran, their summed time, and the wall time. */
async function profile(f: Map<string, string>): Promise<void> {
  const id = f.get('id')!;
  const network = getNetwork(id);
  if (!network) throw new Error(`unknown network ${id}`);
  const dir = path.join(path.resolve(f.get('data') ?? path.join(__dirname, '.cache', 'data')), id);
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
  const tf = await nativeTf();
  const xs = meta.inputs.map((a) => readArray(tf, dir, a).slice(0, meta.batch));
  const ys = meta.outputs.map((a) => readArray(tf, dir, a).slice(0, meta.batch));
  const one = (ts: TF.Tensor[]) => (ts.length === 1 ? ts[0]! : ts);
  const model = network.build(tf);
  await model.trainOnBatch(one(xs), one(ys));
  const wall0 = performance.now();
  await model.trainOnBatch(one(xs), one(ys));
  const wallSeconds = (performance.now() - wall0) / 1000;
  const info = await tf.profile(async () => {
    await model.trainOnBatch(one(xs), one(ys));
  });
  const byKernel = new Map<string, { count: number; ms: number }>();
  let kernelMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    kernelMs += ms;
    const e = byKernel.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += ms;
    byKernel.set(k.name, e);
  }
  const top = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8).map(([name, e]) => ({ name, count: e.count, ms: e.ms }));
  console.log(
    JSON.stringify({
      id,
      batch: meta.batch,
      wallSeconds,
      kernels: info.kernels.length,
      kernelSeconds: kernelMs / 1000,
      distinctKernels: byKernel.size,
      top,
    }),
  );
}

// ---------------------------------------------------------------- sequence length

/**
 * gru-imdb's architecture at shorter review lengths (the last L words of the
 * exported, pre-padded reviews): seconds per training step against L shows
 * whether time goes to per-timestep overhead or to the matrix products.
 */
async function seqlen(f: Map<string, string>): Promise<void> {
  const { kerasDense, kerasEmbedding, kerasGru, kerasOptimizers } = await import('../src/trainer/networks/keras');
  const dir = path.join(path.resolve(f.get('data') ?? path.join(__dirname, '.cache', 'data')), 'gru-imdb');
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
  const lengths = (f.get('lengths') ?? '35,70,140').split(',').map(Number);
  const steps = Math.min(Number(f.get('steps') ?? 3), meta.steps);
  const tf = await nativeTf();
  const xAll = readArray(tf, dir, meta.inputs[0]!);
  const yAll = readArray(tf, dir, meta.outputs[0]!);
  const batch = meta.batch;
  const out: { length: number; secondsPerStep: number }[] = [];
  for (const length of lengths) {
    const model = tf.sequential({
      layers: [
        kerasEmbedding(tf, { inputDim: 20_000, outputDim: 128, inputLength: length, inputShape: [length] }),
        kerasGru(tf, { units: 128 }),
        tf.layers.dropout({ rate: 0.5 }),
        kerasDense(tf, { units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: kerasOptimizers.adam(tf), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = xAll.slice([0, 140 - length], [-1, length]);
    const fitArgs = { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 as const, yieldEvery: 'never' as const };
    await model.fit(x.slice(0, batch), yAll.slice(0, batch), fitArgs);
    const start = performance.now();
    await model.fit(x.slice(batch, steps * batch), yAll.slice(batch, steps * batch), fitArgs);
    out.push({ length, secondsPerStep: (performance.now() - start) / 1000 / steps });
    model.dispose();
  }
  console.log(JSON.stringify({ id: 'gru-imdb', batch, steps, lengths: out }));
}

// ----------------------------------------------------------------

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const f = flags(rest);
  if (command === 'export' || f.has('export')) {
    if (f.has('export') && f.get('export') !== 'true') f.set('out', f.get('export')!);
    await exportData(f);
  } else if (command === 'measure') await measure(f);
  else if (command === 'telemetry') await telemetry(f);
  else if (command === 'profile') await profile(f);
  else if (command === 'seqlen') await seqlen(f);
  else throw new Error(`usage: layerlab.ts export|measure|telemetry|profile ... (got ${command})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
