import { z } from 'zod';
import { CheckpointSchema, EarlyStopSchema, PartialEpochSchema, TestResultSchema } from '../engine/project/schema';
import { TrainingSettingsSchema } from '../engine/training';
import { TrainingPlanSchema } from '../engine/trainingPlan';
import { BackendInfoSchema, events } from './contract';

/**
 * Messages between a host's supervisor and the trainer process (child_process
 * IPC, advanced serialisation). Both sides parse with these schemas.
 */
const DirsSchema = z.object({
  dataDirs: z.array(z.string()),
  cacheDir: z.string(),
  weightsDir: z.string(),
});


/** A batch of values (batch first); IPC's advanced serialisation carries the typed array as is. */
const TensorValuesSchema = z.object({ shape: z.array(z.number().int().min(0)), values: z.instanceof(Float32Array) });
export type TensorValues = z.infer<typeof TensorValuesSchema>;

export const TrainerRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('probe') }),
  z.object({
    type: z.literal('train'),
    runId: z.string(),
    ...TrainingPlanSchema.shape,
    settings: TrainingSettingsSchema,
    initialWeightsFrom: z.string().nullable(),
    dirs: DirsSchema,
  }),
  z.object({
    type: z.literal('evaluate'),
    runId: z.string(),
    /** The weights to evaluate: the run's own (its id) or one of its checkpoints'. */
    weightsId: z.string(),
    /** Evaluate at most this many test samples; null: all. */
    limit: z.number().int().min(1).nullable(),
    ...TrainingPlanSchema.shape,
    settings: TrainingSettingsSchema,
    dirs: DirsSchema,
  }),
  /** Ends training (or an evaluation) after the current batch. */
  z.object({ type: z.literal('stop') }),
  /** Holds training after the current batch, keeping the model and the optimizer's state, until `resume`. */
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  // Layer images of a saved run: its weights on its probe samples; answered by one `activations` message.
  z.object({
    type: z.literal('activations'),
    runId: z.string(),
    ...TrainingPlanSchema.shape,
    settings: TrainingSettingsSchema,
    dirs: DirsSchema,
  }),
  // Playground: a long-lived process for one run's weights, answering `predict` until `stop`.
  z.object({
    type: z.literal('session'),
    runId: z.string(),
    ...TrainingPlanSchema.shape,
    settings: TrainingSettingsSchema,
    dirs: DirsSchema,
  }),
  z.object({
    type: z.literal('predict'),
    id: z.number().int(),
    inputs: z.array(TensorValuesSchema),
    /** Layer names whose outputs to return instead of the model's (e.g. an autoencoder's code); null: the model's outputs. */
    layers: z.array(z.string()).nullable(),
  }),
]);

/**
 * The contract's own training events, payloads and all, as the trainer emits
 * them: a host passes them through to its UI unchanged.
 */
export const TrainerEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('training.status'), payload: events['training.status'] }),
  z.object({ event: z.literal('training.progress'), payload: events['training.progress'] }),
  z.object({ event: z.literal('training.metrics'), payload: events['training.metrics'] }),
  z.object({ event: z.literal('training.activations'), payload: events['training.activations'] }),
  z.object({ event: z.literal('evaluation.progress'), payload: events['evaluation.progress'] }),
]);
export type TrainerEvent = z.infer<typeof TrainerEventSchema>;

export const TrainerMessageSchema = z.discriminatedUnion('type', [
  /** For the host itself: which backend runs (the probe's answer, and a run record's `backend`). */
  z.object({ type: z.literal('backend'), backend: BackendInfoSchema }),
  z.object({ type: z.literal('event'), event: TrainerEventSchema }),
  z.object({ type: z.literal('test'), result: TestResultSchema }),
  /** How the run's batches train (raw or tfjs step, fused or stock layers): one line each, for the run record. */
  z.object({ type: z.literal('kernels'), notes: z.array(z.string().max(500)).max(200) }),
  /** Checkpoint weights were written to the store (a `best` one replaces the previous best). */
  z.object({ type: z.literal('checkpoint'), checkpoint: CheckpointSchema }),
  z.object({
    type: z.literal('done'),
    status: z.enum(['completed', 'stopped']),
    trainSamples: z.number().int(),
    validationSamples: z.number().int(),
    hasWeights: z.boolean(),
    partialEpoch: PartialEpochSchema.nullable(),
    earlyStop: EarlyStopSchema.nullable(),
    pausedMs: z.number().min(0),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
  z.object({ type: z.literal('ready'), inputShapes: z.array(z.array(z.number().nullable())), outputShapes: z.array(z.array(z.number().nullable())) }),
  z.object({ type: z.literal('prediction'), id: z.number().int(), outputs: z.array(TensorValuesSchema) }),
  z.object({ type: z.literal('prediction-failed'), id: z.number().int(), message: z.string() }),
]);

export type TrainerRequest = z.infer<typeof TrainerRequestSchema>;
export type TrainRequest = Extract<TrainerRequest, { type: 'train' }>;
export type EvaluateRequest = Extract<TrainerRequest, { type: 'evaluate' }>;
export type ActivationsRequest = Extract<TrainerRequest, { type: 'activations' }>;
export type SessionRequest = Extract<TrainerRequest, { type: 'session' }>;
export type PredictRequest = Extract<TrainerRequest, { type: 'predict' }>;
export type TrainerMessage = z.infer<typeof TrainerMessageSchema>;
