import { z } from 'zod';
import { GraphSchema } from '../graph';
import { TrainingSettingsSchema } from '../training';

export const PROJECT_FORMAT = 'layerlab.project';
export const CURRENT_PROJECT_VERSION = 4;

export const EpochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  /** Keras log names: loss, acc, val_loss, val_acc. */
  metrics: z.record(z.string(), z.number()),
  durationMs: z.number().min(0),
});

export const BatchRecordSchema = z.object({
  /** Global step, counted from 1 across epochs. */
  step: z.number().int().min(1),
  epoch: z.number().int().min(1),
  loss: z.number(),
  acc: z.number().nullable(),
});

export const TestResultSchema = z.object({
  loss: z.number(),
  accuracy: z.number().nullable(),
  samples: z.number().int().min(0),
  evaluatedAt: z.string(),
});

export const RUN_STATUSES = ['completed', 'stopped', 'failed'] as const;

export const RunRecordSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(RUN_STATUSES),
  error: z.string().nullable(),
  /** The tfjs backend that trained: `tensorflow` (native tfjs-node), `cpu` (pure JS) or `wasm`. */
  backend: z.string(),
  /**
   * How the batches trained, one line each: the raw TensorFlow step or tfjs'
   * own (and why), fused or stock recurrent layers. Empty in runs saved
   * before it was recorded.
   */
  kernels: z.array(z.string()).default([]),
  settings: TrainingSettingsSchema,
  /** The graph exactly as trained, so weights always match their architecture. */
  graph: GraphSchema,
  epochs: z.array(EpochRecordSchema),
  batches: z.array(BatchRecordSchema),
  test: TestResultSchema.nullable(),
  trainSamples: z.number().int().min(0),
  validationSamples: z.number().int().min(0),
  hasWeights: z.boolean(),
});

export const ViewportSchema = z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() });

export const ProjectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(CURRENT_PROJECT_VERSION),
  name: z.string().min(1),
  /** Template id this project started from, if any; picks the playground. */
  template: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  graph: GraphSchema,
  training: TrainingSettingsSchema,
  runs: z.array(RunRecordSchema),
  viewport: ViewportSchema.nullable(),
});

export type EpochRecord = z.infer<typeof EpochRecordSchema>;
export type BatchRecord = z.infer<typeof BatchRecordSchema>;
export type TestResult = z.infer<typeof TestResultSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type RunStatus = RunRecord['status'];
export type Project = z.infer<typeof ProjectSchema>;
