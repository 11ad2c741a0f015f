import type * as TF from '@tensorflow/tfjs';
import type { PartialEpoch } from '../engine/project/schema';
import { splitTrainingState } from '../engine/project/weights';
import { testLimitOf, type TrainingSettings } from '../engine/training';
import type { BackendInfo, TrainingPhase } from '../shared/contract';
import type { TrainerMessage, TrainRequest, EvaluateRequest } from '../shared/trainerProtocol';
import { WeightsStore } from '../node/weightsStore';
import { LayerImageFeed, layerImageFeed } from './activations';
import { buildCompiledModel, renameLogs, type CompiledModel } from './compileModel';
import { disposeData, loadTrainingData, type ModelShapes, type TensorData } from './data';
import { disposeModel } from './disposeModel';
import { EpochEnd } from './epochEnd';
import type { RunControl } from './runControl';
import { emitEvent, TelemetryThrottle, yieldToEventLoop } from './telemetry';
import { threadsNote } from './threads';
import { applyOptimizerState } from './trainingState';
import { prepareTrainingStep } from './trainingStep';
import { applyModelWeights, readModelWeights } from './weights';

export interface BatchEndInfo {
  /** Global step, from 1. */
  step: number;
  /** Epoch (pass), from 1. */
  epoch: number;
  /** Batch within the epoch, from 1. */
  batch: number;
  loss: number;
}

export interface TrainerContext {
  tf: typeof TF;
  send: (message: TrainerMessage) => void;
  /** The backend training runs on, named in every status event. */
  backend: BackendInfo | null;
  /** Set by the Stop request; checked after every batch. */
  stopRequested: () => boolean;
  /** Called synchronously after every training batch (benchmarks take batch-end timestamps here). */
  onBatchEnd?: (info: BatchEndInfo) => void;
  /** Set by `train` itself when the settings ask for layer images. */
  layerImages?: LayerImageFeed | null;
  /** Pause and resume between batches (the trainer process's; benchmarks leave it out). */
  control?: RunControl;
  /** Set by `train` itself: checkpoints and early stopping after each epoch. */
  epochEnd?: EpochEnd | null;
}

type DataRequest = Pick<TrainRequest, 'runId' | 'settings' | 'dirs' | 'inputs' | 'outputs'>;

/** A `training.status` event of this run. */
export function sendStatus(ctx: Pick<TrainerContext, 'send' | 'backend'>, runId: string, phase: TrainingPhase, message: string): void {
  emitEvent(ctx.send, { event: 'training.status', payload: { runId, phase, message, backend: ctx.backend } });
}

function downloadReporter(ctx: TrainerContext, runId: string) {
  let last = 0;
  return (file: string, received: number, total: number | null) => {
    const now = Date.now();
    if (now - last < 250 && received !== total) return;
    last = now;
    const percent = total ? ` ${Math.round((100 * received) / total)}%` : '';
    sendStatus(ctx, runId, 'loading-data', `Downloading ${file}${percent}`);
  };
}

function modelShapes(model: TF.LayersModel): ModelShapes {
  return { inputs: model.inputs.map((t) => t.shape), outputs: model.outputs.map((t) => t.shape) };
}

function loadSplit(ctx: TrainerContext, compiled: CompiledModel, request: DataRequest, split: 'train' | 'test', limit: number | null) {
  const { settings } = request;
  return loadTrainingData(ctx.tf, settings.dataset, split, request, modelShapes(compiled.model), request.dirs, {
    ...(limit !== null ? { limit } : {}),
    corpusLines: settings.corpusLines,
    batchSize: settings.batchSize,
    onProgress: downloadReporter(ctx, request.runId),
  });
}

/** Logs of `model.evaluate` (or `trainOnBatch`) values, under Keras' names. */
function namedValues(tf: typeof TF, compiled: CompiledModel, result: TF.Scalar | TF.Scalar[] | number | number[]) {
  const list = Array.isArray(result) ? result : [result];
  const values = list.map((v) => (typeof v === 'number' ? v : v.dataSync()[0]!));
  if (typeof list[0] !== 'number') tf.dispose(list as TF.Scalar[]);
  return renameLogs(Object.fromEntries(compiled.model.metricsNames.map((name, i) => [name, values[i]])), compiled.logNames);
}

/** Samples per `evaluate` call: progress and cancelling land between chunks. */
const EVALUATION_CHUNK_BATCHES = 8;

/**
 * The test-set result of the model's current weights, on at most `limit`
 * samples: `evaluate` chunk by chunk (the samples-weighted mean of the chunks'
 * means is the whole set's), sending `evaluation.progress` with an ETA after
 * each, and ending with an error when Stop arrives.
 */
export async function evaluateOnTestSet(ctx: TrainerContext, compiled: CompiledModel, request: DataRequest, limit: number | null) {
  sendStatus(ctx, request.runId, 'testing', 'Loading the test set');
  const test = await loadSplit(ctx, compiled, request, 'test', limit);
  try {
    if (test.count === 0) return null;
    sendStatus(ctx, request.runId, 'testing', `Evaluating on ${test.count} test samples`);
    const logs = await evaluateInChunks(ctx, compiled, test, request.settings.batchSize, (done, total, elapsedMs) =>
      emitEvent(ctx.send, {
        event: 'evaluation.progress',
        payload: { runId: request.runId, evaluationId: null, done, total, elapsedMs, etaMs: done > 0 ? Math.round((elapsedMs / done) * (total - done)) : null },
      }),
    );
    if (!logs) return null;
    const accuracy = compiled.accuracyKey ? (logs[compiled.accuracyKey] ?? null) : null;
    return { loss: logs.loss ?? Number.NaN, accuracy, samples: test.count, evaluatedAt: new Date().toISOString() };
  } finally {
    disposeData(ctx.tf, test);
  }
}

function evaluateLogs(tf: typeof TF, compiled: CompiledModel, data: TensorData, batchSize: number) {
  return namedValues(tf, compiled, compiled.model.evaluate(data.xs, data.ys, { batchSize }) as TF.Scalar | TF.Scalar[]);
}

/** Null when Stop arrived before the end. */
async function evaluateInChunks(
  ctx: TrainerContext,
  compiled: CompiledModel,
  data: TensorData,
  batchSize: number,
  progress: (done: number, total: number, elapsedMs: number) => void,
): Promise<Record<string, number> | null> {
  const { tf } = ctx;
  const started = Date.now();
  const chunk = batchSize * EVALUATION_CHUNK_BATCHES;
  const sums: Record<string, number> = {};
  progress(0, data.count, 0);
  for (let start = 0; start < data.count; start += chunk) {
    const size = Math.min(chunk, data.count - start);
    const xs = data.xs.map((t) => t.slice(start, size));
    const ys = data.ys.map((t) => t.slice(start, size));
    const logs = evaluateLogs(tf, compiled, { ...data, xs, ys, count: size }, batchSize);
    tf.dispose([...xs, ...ys]);
    for (const [key, value] of Object.entries(logs)) sums[key] = (sums[key] ?? 0) + value * size;
    progress(start + size, data.count, Date.now() - started);
    await yieldToEventLoop();
    if (ctx.stopRequested()) return null;
  }
  return Object.fromEntries(Object.entries(sums).map(([key, sum]) => [key, sum / data.count]));
}

/** The samples trained on, those validated on, and where validation comes from, as the settings ask. */
interface TrainingData {
  train: TensorData;
  validation: TensorData | null;
  /** Keras' `validation_split` takes the last share of the samples, before shuffling. */
  splitSamples: number;
}

async function loadTrainingAndValidation(ctx: TrainerContext, compiled: CompiledModel, request: TrainRequest): Promise<TrainingData> {
  const { settings } = request;
  sendStatus(ctx, request.runId, 'loading-data', `Loading ${settings.dataset}`);
  const train = await loadSplit(ctx, compiled, request, 'train', settings.trainLimit);
  const source = validationSource(settings);
  if (source === 'test') {
    const validation = await loadSplit(ctx, compiled, request, 'test', null);
    return { train, validation: validation.count > 0 ? validation : null, splitSamples: 0 };
  }
  const splitSamples = source === 'split' ? train.count - Math.floor(train.count * (1 - settings.validationSplit)) : 0;
  return { train, validation: null, splitSamples };
}

/**
 * The tutorial's generators train on every sample they form, so a
 * validation split cannot be carved out of their batches.
 */
function validationSource(settings: TrainingSettings): TrainingSettings['validation'] {
  if (settings.batching === 'tutorial' && settings.validation === 'split') return 'none';
  return settings.validation;
}

/**
 * How often the training loop lets the host's Stop, Pause and Resume in
 * (besides each telemetry flush): one `setImmediate`, a few microseconds, so
 * they land within 20 ms plus the batch in flight at no measurable cost.
 */
const CONTROL_POLL_MS = 20;

interface FitResult {
  trainSamples: number;
  validationSamples: number;
  partialEpoch: PartialEpoch | null;
}

interface EpochLoop {
  batches: number;
  onBatch(epochIndex: number, batch: number, logs: Record<string, number>): Promise<void>;
  /** Records a finished epoch, or notes an unfinished one when Stop cut it short. */
  onEpoch(epochIndex: number, logs: Record<string, number>, started: number): Promise<void>;
  /** Stop was asked for, or early stopping ended the run. */
  stopped(): boolean;
  /** Where Stop left an unfinished epoch, if it did. */
  partialEpoch(): PartialEpoch | null;
}

/** Progress, per-batch telemetry and Stop, shared by both ways of training. */
function epochLoop(ctx: TrainerContext, runId: string, compiled: CompiledModel, settings: TrainingSettings, batches: number): EpochLoop {
  const started = Date.now();
  const throttle = new TelemetryThrottle(ctx.send, runId);
  let step = 0;
  let epochIndex = 0;
  let batchInEpoch = 0;
  let partial: PartialEpoch | null = null;
  let stoppedEarly = false;
  let lastYield = Date.now();
  const progress = (batch: number) => {
    const done = epochIndex * batches + batch;
    const total = settings.epochs * batches;
    // Time spent paused is no training time: the ETA after a resume counts only batches' time.
    const elapsedMs = Date.now() - started - (ctx.control?.pausedMs ?? 0);
    const etaMs = done > 0 ? Math.round((elapsedMs / done) * (total - done)) : null;
    return { epoch: epochIndex + 1, epochs: settings.epochs, batch, batches, elapsedMs, etaMs };
  };
  return {
    batches,
    async onBatch(epoch, batch, logs) {
      epochIndex = epoch;
      batchInEpoch = batch;
      step += 1;
      const loss = logs.loss ?? Number.NaN;
      const acc = compiled.accuracyKey ? (logs[compiled.accuracyKey] ?? null) : null;
      ctx.onBatchEnd?.({ step, epoch: epoch + 1, batch, loss });
      ctx.layerImages?.afterBatch(epoch + 1, step);
      const flushed = throttle.batch({ step, epoch: epoch + 1, loss, acc }, progress(batch));
      // Stop, Pause and Resume arrive through the event loop: let it run at least every CONTROL_POLL_MS.
      if (flushed || Date.now() - lastYield >= CONTROL_POLL_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
      await ctx.control?.holdIfPaused(
        () => {
          // Everything so far reaches the UI before the hold, so the curve ends where training paused.
          throttle.flush(progress(batch));
          sendStatus(ctx, runId, 'paused', `Paused after batch ${batch} of ${batches}, epoch ${epoch + 1} of ${settings.epochs}`);
        },
        () => sendStatus(ctx, runId, 'training', `Resumed at batch ${batch + 1} of epoch ${epoch + 1}`),
      );
    },
    async onEpoch(epoch, logs, epochStarted) {
      epochIndex = epoch;
      if (batchInEpoch < batches && ctx.stopRequested()) {
        // tfjs' fit ends a stopped epoch with its partial logs: that is no epoch, and is kept as such.
        partial = { epoch: epoch + 1, batch: batchInEpoch, batches };
        throttle.flush(progress(batchInEpoch));
        return;
      }
      throttle.epoch({ epoch: epoch + 1, metrics: logs, durationMs: Date.now() - epochStarted }, progress(batches));
      ctx.layerImages?.afterEpoch(epoch + 1, step);
      if (ctx.epochEnd && (await ctx.epochEnd.after(epoch + 1, logs))) stoppedEarly = true;
      batchInEpoch = 0;
      await yieldToEventLoop();
    },
    stopped: () => ctx.stopRequested() || stoppedEarly,
    partialEpoch: () => partial ?? (ctx.stopRequested() && batchInEpoch > 0 && batchInEpoch < batches ? { epoch: epochIndex + 1, batch: batchInEpoch, batches } : null),
  };
}

/** Keras' `fit`: shuffled batches, validation from a split or from given data. */
async function fitShuffled(ctx: TrainerContext, runId: string, compiled: CompiledModel, settings: TrainingSettings, data: TrainingData) {
  const { model } = compiled;
  const trainSamples = data.train.count - data.splitSamples;
  const loop = epochLoop(ctx, runId, compiled, settings, Math.ceil(trainSamples / settings.batchSize));
  let epochStarted = Date.now();
  let epochIndex = 0;
  await model.fit(data.train.xs, data.train.ys, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    ...(data.validation
      ? { validationData: [data.validation.xs, data.validation.ys] as [TF.Tensor[], TF.Tensor[]] }
      : { validationSplit: data.splitSamples > 0 ? settings.validationSplit : 0 }),
    shuffle: true,
    // Nothing in this process needs the event loop mid-batch; we yield ourselves, throttled.
    yieldEvery: 'never',
    // tfjs-node prints its own progress bar otherwise; progress is ours to report.
    verbose: 0,
    callbacks: {
      onEpochBegin: async (epoch) => {
        epochIndex = epoch;
        epochStarted = Date.now();
      },
      onBatchEnd: async (batch, logs) => {
        await loop.onBatch(epochIndex, batch + 1, renameLogs(logs, compiled.logNames));
        if (loop.stopped()) model.stopTraining = true;
      },
      onEpochEnd: async (epoch, logs) => {
        await loop.onEpoch(epoch, renameLogs(logs, compiled.logNames), epochStarted);
        if (loop.stopped()) model.stopTraining = true;
      },
    },
  });
  return { trainSamples, validationSamples: data.validation?.count ?? data.splitSamples, partialEpoch: loop.partialEpoch() };
}

/**
 * The tutorial's `for x, y in generate_data(...): model.train_on_batch(x, y)`:
 * its batches in its order, one pass per epoch. The epoch's `loss` is the mean
 * of the batch losses and `loss_sum` their sum, the figure the tutorial prints
 * (CBOW, encoder-decoder).
 */
async function fitTutorialBatches(ctx: TrainerContext, runId: string, compiled: CompiledModel, settings: TrainingSettings, data: TrainingData) {
  const { tf } = ctx;
  const ranges = data.train.tutorialBatches;
  if (!ranges || ranges.length === 0) {
    throw new Error(`${settings.dataset} has no tutorial batches; choose shuffled batches in the Train tab.`);
  }
  const loop = epochLoop(ctx, runId, compiled, settings, ranges.length / 2);
  const slice = (tensors: TF.Tensor[], start: number, end: number) => tensors.map((t) => t.slice(start, end - start));
  for (let epoch = 0; epoch < settings.epochs && !loop.stopped(); epoch++) {
    const epochStarted = Date.now();
    const sums: Record<string, number> = {};
    const counts: Record<string, number> = {};
    let seen = 0;
    for (let b = 0; b < ranges.length && !loop.stopped(); b += 2) {
      const start = ranges[b]!;
      const end = ranges[b + 1]!;
      const xs = slice(data.train.xs, start, end);
      const ys = slice(data.train.ys, start, end);
      const result = await compiled.model.trainOnBatch(xs, ys);
      tf.dispose([...xs, ...ys]);
      const logs = namedValues(tf, compiled, result);
      for (const [key, value] of Object.entries(logs)) {
        sums[key] = (sums[key] ?? 0) + value;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      seen += 1;
      await loop.onBatch(epoch, seen, logs);
    }
    // A pass cut short by Stop is not an epoch: its summed loss would read as a sudden drop.
    if (seen < ranges.length / 2) {
      await loop.onEpoch(epoch, {}, epochStarted);
      break;
    }
    const logs: Record<string, number> = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / counts[k]!]));
    logs.loss_sum = sums.loss ?? Number.NaN;
    if (data.validation) {
      for (const [key, value] of Object.entries(evaluateLogs(tf, compiled, data.validation, settings.batchSize))) logs[`val_${key}`] = value;
    }
    await loop.onEpoch(epoch, logs, epochStarted);
  }
  return { trainSamples: data.train.count, validationSamples: data.validation?.count ?? 0, partialEpoch: loop.partialEpoch() };
}

export async function train(ctx: TrainerContext, request: TrainRequest): Promise<void> {
  const { tf, send } = ctx;
  const { settings } = request;
  sendStatus(ctx, request.runId, 'preparing', 'Building the model');
  const compiled = await buildCompiledModel(tf, request.modelTopology, request, settings);
  const weightsStore = new WeightsStore(request.dirs.weightsDir);
  const resumed = request.initialWeightsFrom ? await startFrom(tf, compiled.model, weightsStore, request.initialWeightsFrom) : null;

  const step = prepareTrainingStep(tf, compiled, request);
  const threads = ctx.backend?.native ? threadsNote() : null;
  send({ type: 'kernels', notes: [...step.notes, ...(threads ? [threads] : []), ...(resumed ? [resumed] : [])] });
  const data = await loadTrainingAndValidation(ctx, compiled, request);
  const tutorial = settings.batching === 'tutorial';
  const validated = data.validation ? `validating on ${data.validation.count} test samples` : data.splitSamples > 0 ? `validating on ${data.splitSamples}` : 'no validation';
  const how = tutorial ? `the tutorial's ${(data.train.tutorialBatches?.length ?? 0) / 2} batches per pass` : `batches of ${settings.batchSize}`;
  sendStatus(ctx, request.runId, 'training', `Training on ${data.train.count - data.splitSamples} samples in ${how}, ${validated}; ${step.note}`);
  let counts: FitResult;
  const layerImages = layerImageFeed(tf, compiled.model, data.train, request, settings, (snapshot) =>
    emitEvent(send, { event: 'training.activations', payload: { runId: request.runId, ...snapshot } }),
  );
  const steps = { epoch: 0, step: 0 };
  // The last batch's epoch and step, for the final layer images.
  const epochEnd = new EpochEnd({
    tf,
    model: compiled.model,
    runId: request.runId,
    settings,
    store: weightsStore,
    send,
    warn: (message) => sendStatus(ctx, request.runId, 'training', message),
  });
  const runCtx: TrainerContext = {
    ...ctx,
    layerImages,
    epochEnd,
    onBatchEnd: (info) => {
      steps.epoch = info.epoch;
      steps.step = info.step;
      ctx.onBatchEnd?.(info);
    },
  };
  try {
    layerImages?.afterEpoch(0, 0);
    counts = tutorial
      ? await fitTutorialBatches(runCtx, request.runId, compiled, settings, data)
      : await fitShuffled(runCtx, request.runId, compiled, settings, data);
    layerImages?.finish(steps.epoch, steps.step);
  } finally {
    step.dispose();
    disposeData(tf, data.train);
    if (data.validation) disposeData(tf, data.validation);
  }

  const stopped = ctx.stopRequested();
  const earlyStop = epochEnd.finish();
  sendStatus(ctx, request.runId, 'saving', earlyStop?.restoredBest ? `Saving the weights of epoch ${earlyStop.bestEpoch} (the best)` : 'Saving weights');
  await weightsStore.write(request.runId, readModelWeights(compiled.model));
  if (!stopped && settings.testAfterTraining) {
    const result = await evaluateOnTestSet(ctx, compiled, request, testLimitOf(settings));
    if (result) send({ type: 'test', result });
  }
  const { partialEpoch, ...samples } = counts;
  send({
    type: 'done',
    status: stopped ? 'stopped' : 'completed',
    ...samples,
    hasWeights: true,
    partialEpoch,
    earlyStop,
    pausedMs: ctx.control?.pausedMs ?? 0,
  });
  disposeModel(compiled.model);
}

/**
 * Puts a run's or a checkpoint's weights into the model, and a checkpoint's
 * optimizer state into its optimizer (when the optimizer is the same kind, so
 * the run continues as the interrupted one would). Returns the line for the
 * run record.
 */
async function startFrom(tf: typeof TF, model: TF.LayersModel, store: WeightsStore, weightsId: string): Promise<string> {
  const saved = await store.read(weightsId);
  applyModelWeights(tf, model, saved);
  const { optimizer } = splitTrainingState(saved);
  if (!optimizer) return `started from the weights of ${weightsId}`;
  try {
    await applyOptimizerState(tf, model, optimizer);
    return `resumed from ${weightsId}: its weights and optimizer state`;
  } catch (error) {
    return `started from the weights of ${weightsId}; its optimizer state was not used (${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function evaluate(ctx: TrainerContext, request: EvaluateRequest): Promise<void> {
  const compiled = await buildCompiledModel(ctx.tf, request.modelTopology, request, request.settings);
  applyModelWeights(ctx.tf, compiled.model, await new WeightsStore(request.dirs.weightsDir).read(request.weightsId));
  const result = await evaluateOnTestSet(ctx, compiled, request, request.limit);
  if (ctx.stopRequested()) throw new Error('Evaluation cancelled');
  if (!result) throw new Error(`${request.settings.dataset} has no test split to evaluate on.`);
  ctx.send({ type: 'test', result });
  disposeModel(compiled.model);
}
