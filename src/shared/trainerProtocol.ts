import { z } from 'zod';
import { BatchRecordSchema, EpochRecordSchema, TestResultSchema } from '../engine/project/schema';
import { LOSSES, METRICS, TrainingSettingsSchema } from '../engine/training';
import { BackendInfoSchema, TrainingPhaseSchema, TrainingProgressSchema } from './contract';

/**
 * Messages between a host's supervisor and the trainer process (child_process
 * IPC, advanced serialisation). Both sides parse with these schemas.
 */
const DirsSchema = z.object({
  dataDirs: z.array(z.string()),
  cacheDir: z.string(),
  weightsDir: z.string(),
});

/** The model's inputs and outputs bound to dataset fields (engine `planTraining`). */
const PlanFieldsSchema = {
  inputs: z.array(z.object({ layer: z.string(), field: z.string() })).min(1),
  outputs: z
    .array(
      z.object({
        layer: z.string(),
        target: z.string(),
        loss: z.enum(LOSSES),
        metrics: z.array(z.enum(METRICS)),
        weight: z.number().min(0),
      }),
    )
    .min(1),
};

export const TrainerRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('probe') }),
  z.object({
    type: z.literal('train'),
    runId: z.string(),
    modelTopology: z.record(z.string(), z.unknown()),
    ...PlanFieldsSchema,
    settings: TrainingSettingsSchema,
    initialWeightsFrom: z.string().nullable(),
    dirs: DirsSchema,
  }),
  z.object({
    type: z.literal('evaluate'),
    runId: z.string(),
    modelTopology: z.record(z.string(), z.unknown()),
    ...PlanFieldsSchema,
    settings: TrainingSettingsSchema,
    dirs: DirsSchema,
  }),
  z.object({ type: z.literal('stop') }),
]);

export const TrainerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backend'), backend: BackendInfoSchema }),
  z.object({ type: z.literal('status'), phase: TrainingPhaseSchema, message: z.string() }),
  TrainingProgressSchema.extend({ type: z.literal('progress') }),
  z.object({
    type: z.literal('metrics'),
    batches: z.array(BatchRecordSchema),
    epoch: EpochRecordSchema.nullable(),
  }),
  z.object({ type: z.literal('test'), result: TestResultSchema }),
  z.object({
    type: z.literal('done'),
    status: z.enum(['completed', 'stopped']),
    trainSamples: z.number().int(),
    validationSamples: z.number().int(),
    hasWeights: z.boolean(),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export type TrainerRequest = z.infer<typeof TrainerRequestSchema>;
export type TrainRequest = Extract<TrainerRequest, { type: 'train' }>;
export type EvaluateRequest = Extract<TrainerRequest, { type: 'evaluate' }>;
export type TrainerMessage = z.infer<typeof TrainerMessageSchema>;
