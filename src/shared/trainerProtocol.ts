import { z } from 'zod';
import { BatchRecordSchema, EpochRecordSchema, TestResultSchema } from '../engine/project/schema';
import { TrainingSettingsSchema } from '../engine/training';
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

export const TrainerRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('probe') }),
  z.object({
    type: z.literal('train'),
    runId: z.string(),
    modelTopology: z.record(z.string(), z.unknown()),
    settings: TrainingSettingsSchema,
    initialWeightsFrom: z.string().nullable(),
    dirs: DirsSchema,
  }),
  z.object({
    type: z.literal('evaluate'),
    runId: z.string(),
    modelTopology: z.record(z.string(), z.unknown()),
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
