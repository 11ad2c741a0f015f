import type * as TF from '@tensorflow/tfjs';
import type { TrainingSettings } from '../engine/training';
import type { TrainerMessage, TrainRequest, EvaluateRequest } from '../shared/trainerProtocol';
import { WeightsStore } from '../node/weightsStore';
import { loadSplitAsTensors } from './data';
import { TelemetryThrottle, yieldToEventLoop } from './telemetry';
import { applyModelWeights, readModelWeights } from './weights';

export interface TrainerContext {
  tf: typeof TF;
  send: (message: TrainerMessage) => void;
  /** Set by the Stop request; checked after every batch. */
  stopRequested: () => boolean;
}

function makeOptimizer(tf: typeof TF, settings: TrainingSettings): TF.Optimizer {
  const { kind, learningRate } = settings.optimizer;
  switch (kind) {
    // Keras' rho/epsilon, not tfjs' defaults, so runs match the tutorial.
    case 'adadelta':
      return tf.train.adadelta(learningRate, 0.95, 1e-7);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
  }
}

async function buildModel(tf: typeof TF, modelTopology: Record<string, unknown>, settings: TrainingSettings) {
  const model = await tf.models.modelFromJSON({ modelTopology } as TF.io.ModelJSON);
  model.compile({
    optimizer: makeOptimizer(tf, settings),
    loss: settings.loss === 'mean_squared_error' ? 'meanSquaredError' : 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
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

function scalar(value: TF.Scalar | TF.Scalar[] | number | undefined, index = 0): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return value;
  const tensor = Array.isArray(value) ? value[index] : index === 0 ? value : undefined;
  return tensor ? tensor.dataSync()[0]! : null;
}

export async function evaluateOnTestSet(
  ctx: TrainerContext,
  model: TF.LayersModel,
  request: Pick<TrainRequest, 'settings' | 'dirs'>,
) {
  const { tf } = ctx;
  ctx.send({ type: 'status', phase: 'testing', message: 'Evaluating on the test set' });
  const test = await loadSplitAsTensors(tf, request.settings.dataset, 'test', model.inputs[0]!.shape, request.dirs, {
    onProgress: downloadReporter(ctx),
  });
  try {
    const result = model.evaluate(test.x, test.y, { batchSize: request.settings.batchSize }) as TF.Scalar[];
    const values = { loss: scalar(result, 0) ?? Number.NaN, accuracy: scalar(result, 1) };
    tf.dispose(result);
    return { ...values, samples: test.count, evaluatedAt: new Date().toISOString() };
  } finally {
    tf.dispose([test.x, test.y]);
  }
}

export async function train(ctx: TrainerContext, request: TrainRequest): Promise<void> {
  const { tf, send } = ctx;
  const { settings } = request;
  send({ type: 'status', phase: 'preparing', message: 'Building the model' });
  const model = await buildModel(tf, request.modelTopology, settings);
  const weightsStore = new WeightsStore(request.dirs.weightsDir);
  if (request.initialWeightsFrom) {
    applyModelWeights(tf, model, await weightsStore.read(request.initialWeightsFrom));
  }

  send({ type: 'status', phase: 'loading-data', message: `Loading ${settings.dataset}` });
  const data = await loadSplitAsTensors(tf, settings.dataset, 'train', model.inputs[0]!.shape, request.dirs, {
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
    await model.fit(data.x, data.y, {
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
          lastBatchLoss = logs?.loss ?? Number.NaN;
          lastBatchAcc = logs?.acc ?? null;
          const record = { step, epoch: epochIndex + 1, loss: lastBatchLoss, acc: lastBatchAcc };
          if (throttle.batch(record, progress(batch + 1))) await yieldToEventLoop();
          if (ctx.stopRequested()) model.stopTraining = true;
        },
        onEpochEnd: async (epoch, logs) => {
          const metrics: Record<string, number> = {};
          for (const [key, value] of Object.entries(logs ?? {})) {
            if (typeof value === 'number' && Number.isFinite(value)) metrics[key] = value;
          }
          throttle.epoch({ epoch: epoch + 1, metrics, durationMs: Date.now() - epochStarted }, progress(batches));
          await yieldToEventLoop();
          if (ctx.stopRequested()) model.stopTraining = true;
        },
      },
    });
  } finally {
    tf.dispose([data.x, data.y]);
  }

  const stopped = ctx.stopRequested();
  send({ type: 'status', phase: 'saving', message: 'Saving weights' });
  await weightsStore.write(request.runId, readModelWeights(model));
  if (!stopped) send({ type: 'test', result: await evaluateOnTestSet(ctx, model, request) });
  send({ type: 'done', status: stopped ? 'stopped' : 'completed', trainSamples, validationSamples, hasWeights: true });
  model.dispose();
}

export async function evaluate(ctx: TrainerContext, request: EvaluateRequest): Promise<void> {
  const model = await buildModel(ctx.tf, request.modelTopology, request.settings);
  applyModelWeights(ctx.tf, model, await new WeightsStore(request.dirs.weightsDir).read(request.runId));
  ctx.send({ type: 'test', result: await evaluateOnTestSet(ctx, model, request) });
  model.dispose();
}
