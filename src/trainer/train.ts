import type * as TF from '@tensorflow/tfjs';
import type { TrainerMessage, TrainRequest, EvaluateRequest } from '../shared/trainerProtocol';
import { WeightsStore } from '../node/weightsStore';
import { buildCompiledModel, renameLogs, type CompiledModel } from './compileModel';
import { disposeData, loadTrainingData } from './data';
import { TelemetryThrottle, yieldToEventLoop } from './telemetry';
import { applyModelWeights, readModelWeights } from './weights';

export interface TrainerContext {
  tf: typeof TF;
  send: (message: TrainerMessage) => void;
  /** Set by the Stop request; checked after every batch. */
  stopRequested: () => boolean;
}

function downloadReporter(ctx: TrainerContext) {
  let last = 0;
  return (file: string, received: number, total: number | null) => {
    const now = Date.now();
    if (now - last < 250 && received !== total) return;
    last = now;
    const percent = total ? ` ${Math.round((100 * received) / total)}%` : '';
    ctx.send({ type: 'status', phase: 'loading-data', message: `Downloading ${file}${percent}` });
  };
}

function inputShapes(model: TF.LayersModel) {
  return model.inputs.map((input) => input.shape);
}

export async function evaluateOnTestSet(
  ctx: TrainerContext,
  compiled: CompiledModel,
  request: Pick<TrainRequest, 'settings' | 'dirs' | 'inputs' | 'outputs'>,
) {
  const { tf } = ctx;
  const { model } = compiled;
  ctx.send({ type: 'status', phase: 'testing', message: 'Evaluating on the test set' });
  const test = await loadTrainingData(tf, request.settings.dataset, 'test', request, inputShapes(model), request.dirs, {
    onProgress: downloadReporter(ctx),
  });
  try {
    const result = model.evaluate(test.xs, test.ys, { batchSize: request.settings.batchSize });
    const values = (Array.isArray(result) ? result : [result]).map((t) => t.dataSync()[0]!);
    const logs = renameLogs(Object.fromEntries(model.metricsNames.map((name, i) => [name, values[i]])), compiled.logNames);
    tf.dispose(result);
    const accuracy = compiled.accuracyKey ? (logs[compiled.accuracyKey] ?? null) : null;
    return { loss: logs.loss ?? Number.NaN, accuracy, samples: test.count, evaluatedAt: new Date().toISOString() };
  } finally {
    disposeData(tf, test);
  }
}

export async function train(ctx: TrainerContext, request: TrainRequest): Promise<void> {
  const { tf, send } = ctx;
  const { settings } = request;
  send({ type: 'status', phase: 'preparing', message: 'Building the model' });
  const compiled = await buildCompiledModel(tf, request.modelTopology, request, settings);
  const { model } = compiled;
  const weightsStore = new WeightsStore(request.dirs.weightsDir);
  if (request.initialWeightsFrom) {
    applyModelWeights(tf, model, await weightsStore.read(request.initialWeightsFrom));
  }

  send({ type: 'status', phase: 'loading-data', message: `Loading ${settings.dataset}` });
  const data = await loadTrainingData(tf, settings.dataset, 'train', request, inputShapes(model), request.dirs, {
    ...(settings.trainLimit !== null ? { limit: settings.trainLimit } : {}),
    onProgress: downloadReporter(ctx),
  });
  // tfjs (like Keras) takes the validation set from the end, before shuffling.
  const trainSamples = Math.floor(data.count * (1 - settings.validationSplit));
  const validationSamples = data.count - trainSamples;
  const batches = Math.ceil(trainSamples / settings.batchSize);

  const started = Date.now();
  let epochStarted = started;
  let epochIndex = 0;
  let step = 0;
  let lastBatchLoss = Number.NaN;
  let lastBatchAcc: number | null = null;
  const throttle = new TelemetryThrottle(send);
  const progress = (batch: number) => {
    const done = epochIndex * batches + batch;
    const total = settings.epochs * batches;
    const elapsedMs = Date.now() - started;
    const etaMs = done > 0 ? Math.round((elapsedMs / done) * (total - done)) : null;
    return { type: 'progress' as const, epoch: epochIndex + 1, epochs: settings.epochs, batch, batches, elapsedMs, etaMs };
  };

  send({ type: 'status', phase: 'training', message: `Training on ${trainSamples} samples, validating on ${validationSamples}` });
  try {
    await model.fit(data.xs, data.ys, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      validationSplit: settings.validationSplit,
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
          step += 1;
          const named = renameLogs(logs, compiled.logNames);
          lastBatchLoss = named.loss ?? Number.NaN;
          lastBatchAcc = compiled.accuracyKey ? (named[compiled.accuracyKey] ?? null) : null;
          const record = { step, epoch: epochIndex + 1, loss: lastBatchLoss, acc: lastBatchAcc };
          if (throttle.batch(record, progress(batch + 1))) await yieldToEventLoop();
          if (ctx.stopRequested()) model.stopTraining = true;
        },
        onEpochEnd: async (epoch, logs) => {
          const metrics = renameLogs(logs, compiled.logNames);
          throttle.epoch({ epoch: epoch + 1, metrics, durationMs: Date.now() - epochStarted }, progress(batches));
          await yieldToEventLoop();
          if (ctx.stopRequested()) model.stopTraining = true;
        },
      },
    });
  } finally {
    disposeData(tf, data);
  }

  const stopped = ctx.stopRequested();
  send({ type: 'status', phase: 'saving', message: 'Saving weights' });
  await weightsStore.write(request.runId, readModelWeights(model));
  if (!stopped) send({ type: 'test', result: await evaluateOnTestSet(ctx, compiled, request) });
  send({ type: 'done', status: stopped ? 'stopped' : 'completed', trainSamples, validationSamples, hasWeights: true });
  model.dispose();
}

export async function evaluate(ctx: TrainerContext, request: EvaluateRequest): Promise<void> {
  const compiled = await buildCompiledModel(ctx.tf, request.modelTopology, request, request.settings);
  applyModelWeights(ctx.tf, compiled.model, await new WeightsStore(request.dirs.weightsDir).read(request.runId));
  ctx.send({ type: 'test', result: await evaluateOnTestSet(ctx, compiled, request) });
  compiled.model.dispose();
}
