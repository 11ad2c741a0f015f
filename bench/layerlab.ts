/**
 * LayerLab's side of `npm run bench` and `npm run fidelity` (run with tsx).
 * Everything goes through the app's own path: template → `planTraining` →
 * `buildCompiledModel` → `loadTrainingData` → `train()`.
 *
 *   npx tsx bench/layerlab.ts export --id ID --out DIR [--limit N] [--no-eval]
 *       Writes DIR/ID/: model.json (the Keras topology exactly as the app
 *       compiles it, i.e. what Keras' `model.to_json()` writes), settings.json,
 *       meta.json, and the arrays LayerLab trains on (train, plus validation
 *       and test as the settings say) as raw little-endian binaries, with the
 *       tutorial's batch ranges where the template trains that way.
 *   npx tsx bench/layerlab.ts train --id ID [--steps N [--budget S --min-steps M]] [--backend native|wasm|cpu] [--step raw|tfjs] [--profile-ops] [--out FILE]
 *       Trains the template with `train()`. With --steps: one epoch (passes
 *       of the tutorial's batches until N steps), no validation, stopped after N batches, or once S seconds of batches and
 *       at least M have run (no test evaluation), recording a timestamp at
 *       every batch end (the bench); --plain instead runs the same `fit` and
 *       training step with no telemetry (the baseline of its cost). --image-every N|off sets
 *       how often layer images are taken (default: the template's 50). --step tfjs
 *       trains with tfjs' own step (LAYERLAB_RAW_STEP=off) instead of the
 *       app's default (the raw TensorFlow step where native allows it). The
 *       result's `kernels` are the notes train() sent on how batches train.
 *       --profile-ops (native) prints the native ops a step spends its time
 *       on, after the first batch, to stderr, and adds them as `opProfile`.
 *       Without --steps: the template's own settings, whole (the fidelity
 *       run). Prints one JSON line; --out also writes it.
 *   npx tsx bench/layerlab.ts templates
 *       Prints the templates' ids, titles, settings and tutorial figures as JSON.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as TF from '@tensorflow/tfjs';
import { findDataset } from '../src/engine/datasets';
import { epochWork } from '../src/engine/epochEstimate';
import { summarizeModel } from '../src/engine/summary';
import { getTemplate, TEMPLATES, type ProjectTemplate } from '../src/engine/templates';
import { optimizerHyperParameters, type TrainingSettings } from '../src/engine/training';
import { planTraining, type TrainingPlan } from '../src/engine/trainingPlan';
import type { TrainerMessage, TrainRequest } from '../src/shared/trainerProtocol';
import { buildCompiledModel } from '../src/trainer/compileModel';
import { disposeData, loadTrainingData, type ModelShapes, type TensorData } from '../src/trainer/data';
import { disposeModel } from '../src/trainer/disposeModel';
import { loadTf, type BackendPreference } from '../src/trainer/tfBackend';
import { train, type TrainerContext } from '../src/trainer/train';
import { profileNativeOps } from '../src/trainer/native/rawOps';
import { applyIntraOpThreads, chooseIntraOpThreads } from '../src/trainer/threads';
import { prepareTrainingStep } from '../src/trainer/trainingStep';
import { datasetDirs } from './datasetDirs';
import { stepLimitedSettings } from './stepLimitedSettings';

const benchDir = __dirname;

interface ArrayMeta {
  file: string;
  dtype: 'float32' | 'int32';
  shape: number[];
}

interface SplitMeta {
  count: number;
  xs: ArrayMeta[];
  ys: ArrayMeta[];
}

/** What bench/keras_bench.py reads besides model.json. */
export interface ExportMeta {
  id: string;
  title: string;
  dataset: string;
  /** LayerLab's summary total (what the gallery and `--summary` print). */
  summaryParams: number;
  /** tfjs' `countParams()` of the compiled model. */
  tfjsParams: number;
  optimizer: { kind: string; learningRate: number; rho: number; epsilon: number };
  outputs: TrainingPlan['outputs'];
  inputs: TrainingPlan['inputs'];
  train: SplitMeta;
  /** Present when the settings validate on the test split. */
  validation: SplitMeta | null;
  /** The test split, evaluated after training; null when not exported. */
  test: SplitMeta | null;
  /** Flat `[start, end)` sample ranges of the tutorial's batches (int32 file), or null. */
  tutorialBatches: { file: string; count: number } | null;
  tutorial: ProjectTemplate['tutorial'];
}

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out.set(a.slice(2), 'true');
    else {
      out.set(a.slice(2), next);
      i++;
    }
  }
  return out;
}

function templatePlan(id: string): { template: ProjectTemplate; plan: TrainingPlan } {
  const template = getTemplate(id);
  if (!template) throw new Error(`unknown template '${id}' (src/engine/templates)`);
  const result = planTraining(template.graph, template.training);
  if (!result.ok) throw new Error(`template '${id}' does not plan: ${result.issues.map((i) => i.message).join('; ')}`);
  return { template, plan: result.plan };
}

// ---------------------------------------------------------------- export

async function exportTemplate(f: Map<string, string>): Promise<void> {
  const id = f.get('id')!;
  const started = performance.now();
  const outDir = path.join(path.resolve(f.get('out') ?? path.join(benchDir, '.cache', 'fidelity')), id);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const { template, plan } = templatePlan(id);
  const settings = template.training;
  const { tf } = await loadTf('native');
  const request = { ...plan, settings };
  const compiled = await buildCompiledModel(tf, plan.modelTopology, plan, settings);
  const shapes: ModelShapes = { inputs: compiled.model.inputs.map((t) => t.shape), outputs: compiled.model.outputs.map((t) => t.shape) };
  const tfjsParams = compiled.model.countParams();
  compiled.model.dispose();
  const dirs = datasetDirs(path.join(outDir, 'weights'));
  const limit = f.has('limit') ? Number(f.get('limit')) : (settings.trainLimit ?? undefined);

  const write = (t: TF.Tensor, file: string): ArrayMeta => {
    const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
    const values = t.dataSync();
    writeFileSync(path.join(outDir, file), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    return { file, dtype, shape: t.shape };
  };
  const writeSplit = (data: TensorData, name: string): SplitMeta => ({
    count: data.count,
    xs: data.xs.map((t, i) => write(t, `${name}_x${i}.bin`)),
    ys: data.ys.map((t, i) => write(t, `${name}_y${i}.bin`)),
  });

  const options = { corpusLines: settings.corpusLines };
  const train = await loadTrainingData(tf, settings.dataset, 'train', request, shapes, dirs, limit !== undefined ? { ...options, limit } : options);
  let trainMeta: SplitMeta;
  let tutorialBatches: ExportMeta['tutorialBatches'] = null;
  try {
    trainMeta = writeSplit(train, 'train');
    const ranges = settings.batching === 'tutorial' ? (train.tutorialBatches ?? null) : null;
    if (settings.batching === 'tutorial' && !ranges) throw new Error(`${id}: batching 'tutorial' but the loader gave no tutorialBatches`);
    if (ranges) {
      writeFileSync(path.join(outDir, 'tutorial_batches.bin'), Buffer.from(ranges.buffer, ranges.byteOffset, ranges.byteLength));
      tutorialBatches = { file: 'tutorial_batches.bin', count: ranges.length / 2 };
    }
  } finally {
    disposeData(tf, train);
  }

  // The test split serves as validation data and as the final evaluation; the bench needs neither.
  let test: SplitMeta | null = null;
  if (!f.has('no-eval')) {
    const data = await loadTrainingData(tf, settings.dataset, 'test', request, shapes, dirs, options);
    try {
      // Corpora without a test split give none; train() then skips the evaluation too.
      if (data.count > 0) test = writeSplit(data, 'test');
    } finally {
      disposeData(tf, data);
    }
  }

  const { rho, epsilon } = optimizerHyperParameters(settings.optimizer);
  const meta: ExportMeta = {
    id,
    title: template.title,
    dataset: settings.dataset,
    summaryParams: summarizeModel(template.graph).totalParams,
    tfjsParams,
    optimizer: { kind: settings.optimizer.kind, learningRate: settings.optimizer.learningRate, rho, epsilon },
    outputs: plan.outputs,
    inputs: plan.inputs,
    train: trainMeta,
    validation: validationSource(settings) === 'test' ? test : null,
    test,
    tutorialBatches,
    tutorial: template.tutorial,
  };
  // model.json is the topology exactly as the app compiles it: the object Keras' `model.to_json()` writes.
  writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(plan.modelTopology));
  writeFileSync(path.join(outDir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ id, exported: outDir, train: trainMeta.count, test: test?.count ?? null, tutorialBatches: tutorialBatches?.count ?? null, seconds }));
}

/** As train() reads it: the tutorial's generators leave nothing to split off, so 'split' means none there. */
function validationSource(settings: TrainingSettings): TrainingSettings['validation'] {
  return settings.batching === 'tutorial' && settings.validation === 'split' ? 'none' : settings.validation;
}

// ---------------------------------------------------------------- train

/** The process' own thread count: what libtensorflow (or wasm) actually started. */
function threadCount(): number | null {
  try {
    return Number(/^Threads:\s*(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return null;
  }
}

/** `--image-every N` (layer images every N batches) or `--image-every off`; absent: the template's own setting. */
function imageSetting(f: Map<string, string>): Partial<TrainingSettings> {
  const value = f.get('image-every');
  if (value === undefined) return {};
  if (value === 'off') return { imageEvery: null };
  const every = Number(value);
  if (!Number.isInteger(every) || every < 0) throw new Error(`--image-every: expected a whole number or 'off', got '${value}'`);
  return { imageEvery: every };
}

/**
 * `--step tfjs`: tfjs' own training step, as `LAYERLAB_RAW_STEP=off` gives the
 * app; `--step raw` (or absent): the app's default. Set before training, as
 * `prepareTrainingStep` reads the variable then.
 */
function applyStepOption(f: Map<string, string>): void {
  const step = f.get('step');
  if (step === undefined || step === 'raw') return;
  if (step !== 'tfjs') throw new Error(`--step: expected 'raw' or 'tfjs', got '${step}'`);
  process.env.LAYERLAB_RAW_STEP = 'off';
}

async function trainTemplate(f: Map<string, string>): Promise<void> {
  const id = f.get('id')!;
  applyStepOption(f);
  const steps = f.has('steps') ? Number(f.get('steps')) : null;
  // With --budget, stop once that many seconds of steps have run (and at least --min-steps).
  const budget = Number(f.get('budget') ?? Number.POSITIVE_INFINITY);
  const minSteps = Number(f.get('min-steps') ?? 1);
  const { template, plan } = templatePlan(id);
  const base = template.training;
  const settings: TrainingSettings = steps === null ? base : stepLimitedSettings(base, steps, imageSetting(f));
  // The trainer process' thread choice, made the same way before TensorFlow loads.
  applyIntraOpThreads(chooseIntraOpThreads(plan.modelTopology));
  const { tf, backend } = await loadTf((f.get('backend') ?? 'native') as BackendPreference);
  const weightsDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-bench-'));
  const batchEnds: number[] = [];
  const batchLosses: number[] = [];
  const messages: TrainerMessage[] = [];
  let imageSnapshots = 0;
  // Per layer-image snapshot: its step and the ms from that batch's end until the snapshot was sent (predict, quantise).
  const imageCosts: { step: number; ms: number }[] = [];
  // train()'s notes on how batches train (the step, fused layers); --plain fills them from its own step.
  let kernels: string[] = [];
  let stop = false;
  const profileOps = f.has('profile-ops');
  // A holder, not a `let`: the callback sets it, which TypeScript's narrowing does not see.
  const profiling: { session: ReturnType<typeof profileNativeOps> | null } = { session: null };
  const ctx: TrainerContext = {
    tf,
    backend,
    send: (message) => {
      const event = message.type === 'event' ? message.event : null;
      // Layer images are counted, not kept: each is up to megabytes.
      if (event?.event === 'training.activations') {
        imageSnapshots += 1;
        const { step } = event.payload;
        if (step > 0 && step === batchEnds.length) imageCosts.push({ step, ms: performance.now() - batchEnds.at(-1)! });
      } else if (message.type === 'kernels') kernels = message.notes;
      else if (!event || event.event === 'training.metrics') messages.push(message);
    },
    stopRequested: () => stop,
    onBatchEnd: (info) => {
      batchEnds.push(performance.now());
      // From the first batch end on: build, data loading and warm-up stay out of the profile.
      if (profileOps && batchEnds.length === 1) profiling.session = profileNativeOps(tf);
      batchLosses.push(info.loss);
      if (steps === null) return;
      const spent = (batchEnds.at(-1)! - batchEnds[0]!) / 1000;
      if (batchEnds.length >= steps || (spent >= budget && batchEnds.length >= minSteps)) stop = true;
    },
  };
  const request: TrainRequest = {
    type: 'train',
    runId: `bench-${id}`,
    modelTopology: plan.modelTopology as unknown as Record<string, unknown>,
    inputs: plan.inputs,
    outputs: plan.outputs,
    settings,
    initialWeightsFrom: null,
    dirs: datasetDirs(weightsDir),
  };
  const started = performance.now();
  try {
    if (f.has('plain')) kernels = await plainFit(tf, request, steps ?? 1, () => batchEnds.push(performance.now()));
    else await train(ctx, request);
  } finally {
    rmSync(weightsDir, { recursive: true, force: true });
  }
  const profile = profiling.session?.stop() ?? null;
  const error = messages.find((m) => m.type === 'error');
  if (error) throw new Error(error.message);
  if (steps !== null && batchEnds.length === 0) throw new Error('train() never called TrainerContext.onBatchEnd: no batch timestamps');
  const metrics = messages.flatMap((m) => (m.type === 'event' && m.event.event === 'training.metrics' ? [m.event.payload] : []));
  const epochs = metrics.flatMap((m) => (m.epoch ? [m.epoch] : []));
  const batches = metrics.flatMap((m) => m.batches);
  const test = messages.find((m) => m.type === 'test');
  const done = messages.find((m) => m.type === 'done');
  const result = {
    id,
    side: 'layerlab',
    backend: backend.name,
    backendDetail: backend.detail,
    threads: threadCount(),
    // What TensorFlow's intra-op pool was set to when it loaded ('default': all CPUs).
    intraOpThreads: process.env.TF_NUM_INTRAOP_THREADS ?? 'default',
    batchSize: settings.batchSize,
    batching: settings.batching,
    kernels,
    // Batch-end times in ms from the first batch end; the bench takes step times from their differences.
    // Per-batch timing for the bench; a full run's curve is in `batches`.
    batchEndMs: steps === null ? [] : batchEnds.map((t) => t - batchEnds[0]!),
    batchLosses: steps === null ? [] : batchLosses,
    epochs,
    batches: steps === null ? batches : [],
    test: test?.type === 'test' ? test.result : null,
    trainSamples: done?.type === 'done' ? done.trainSamples : null,
    validationSamples: done?.type === 'done' ? done.validationSamples : null,
    seconds: (performance.now() - started) / 1000,
    imageEvery: settings.imageEvery,
    imageSnapshots,
    imageCosts,
    // Native ops after the first batch, per step: what a step spends its time on (--profile-ops).
    opProfile: profile?.slice(0, 40).map((e) => ({ op: e.op, callsPerStep: e.calls / (batchEnds.length - 1), msPerStep: e.ms / (batchEnds.length - 1) })) ?? null,
  };
  if (profile) printProfile(result.opProfile!, batchEnds);
  const line = JSON.stringify(result);
  if (f.has('out')) writeFileSync(path.resolve(f.get('out')!), `${line}\n`);
  console.log(line);
}

function printProfile(profile: { op: string; callsPerStep: number; msPerStep: number }[], batchEnds: number[]): void {
  const stepMs = (batchEnds.at(-1)! - batchEnds[0]!) / (batchEnds.length - 1);
  const nativeMs = profile.reduce((sum, e) => sum + e.msPerStep, 0);
  console.error(`per step: ${stepMs.toFixed(2)} ms, of which the top native ops ${nativeMs.toFixed(2)} ms (profiling adds its own cost per op)`);
  for (const e of profile) console.error(`${e.op.padEnd(32)} ${e.callsPerStep.toFixed(1).padStart(7)} calls ${e.msPerStep.toFixed(3).padStart(8)} ms`);
}

/**
 * The same model, training step, data and `fit` as train() but with nothing
 * per batch except the timestamp: the baseline for the cost of the app's
 * telemetry. Returns the step's notes (as train() sends them).
 */
async function plainFit(tf: typeof TF, request: TrainRequest, steps: number, onBatchEnd: () => void): Promise<string[]> {
  const { settings } = request;
  if (settings.batching === 'tutorial') throw new Error('--plain times shuffled `fit` only');
  const compiled = await buildCompiledModel(tf, request.modelTopology, request, settings);
  const { model } = compiled;
  // The app's step (raw TensorFlow where it applies), so the comparison is like for like.
  const step = prepareTrainingStep(tf, compiled, request);
  try {
    const shapes: ModelShapes = { inputs: model.inputs.map((t) => t.shape), outputs: model.outputs.map((t) => t.shape) };
    const data = await loadTrainingData(tf, settings.dataset, 'train', request, shapes, request.dirs, {
      limit: steps * settings.batchSize,
      corpusLines: settings.corpusLines,
    });
    try {
      await model.fit(data.xs, data.ys, {
        epochs: 1,
        batchSize: settings.batchSize,
        shuffle: true,
        yieldEvery: 'never',
        verbose: 0,
        callbacks: { onBatchEnd: async () => onBatchEnd() },
      });
    } finally {
      disposeData(tf, data);
    }
  } finally {
    step.dispose();
    disposeModel(model);
  }
  return step.notes;
}

// ----------------------------------------------------------------

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const f = flags(rest);
  if (command === 'templates') {
    // cost: forward FLOPs × samples per epoch × epochs, to run the cheapest first.
    const info = TEMPLATES.map((t) => {
      const dataset = findDataset(t.dataset);
      const samples = dataset ? epochWork(t.training, dataset).samples : 0;
      const cost = summarizeModel(t.graph).totalFlops * samples * t.training.epochs;
      return { id: t.id, title: t.title, training: t.training, tutorial: t.tutorial, cost };
    });
    console.log(JSON.stringify(info));
    return;
  }
  if (!f.has('id')) throw new Error('--id ID is required');
  if (command === 'export') await exportTemplate(f);
  else if (command === 'train') await trainTemplate(f);
  else throw new Error(`usage: layerlab.ts templates | export|train --id ID ... (got ${command})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
