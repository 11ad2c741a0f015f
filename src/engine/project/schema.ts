import { z } from 'zod';
import { GraphSchema } from '../graph';
import { TrainingSettingsSchema } from '../training';

export const PROJECT_FORMAT = 'layerlab.project';
export const CURRENT_PROJECT_VERSION = 5;

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

export const CHECKPOINT_KINDS = ['periodic', 'best'] as const;

/** Weights saved during a run: every N epochs, or the best so far by the monitored metric. */
export const CheckpointSchema = z.object({
  /** Its weights' id in the store and the project file: `<run id>--e<epoch>` or `<run id>--best`. */
  id: z.string().min(1),
  epoch: z.number().int().min(1),
  kind: z.enum(CHECKPOINT_KINDS),
  /** The monitored metric (a Keras log name such as `val_loss`) and its value at that epoch, when known. */
  monitor: z.string().nullable(),
  value: z.number().nullable(),
  savedAt: z.string(),
  /** The last test-set evaluation of these weights. */
  test: TestResultSchema.nullable(),
});

/** A run stopped before its last epoch ended: how far the unfinished epoch got. */
export const PartialEpochSchema = z.object({
  epoch: z.number().int().min(1),
  batch: z.number().int().min(0),
  batches: z.number().int().min(1),
});

/** Early stopping ended the run. */
export const EarlyStopSchema = z.object({
  /** The epoch after which training stopped. */
  epoch: z.number().int().min(1),
  monitor: z.string(),
  bestEpoch: z.number().int().min(1),
  best: z.number(),
  /** The run's weights are the best epoch's, not the last epoch's. */
  restoredBest: z.boolean(),
});

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
  /** The template the project was made from when the run trained (names it in comparisons), if any. */
  template: z.string().nullable(),
  checkpoints: z.array(CheckpointSchema),
  /** Set when Stop landed mid-epoch: that epoch is not among `epochs`. */
  partialEpoch: PartialEpochSchema.nullable(),
  earlyStop: EarlyStopSchema.nullable(),
  /** Time spent paused, excluded from the run's duration. */
  pausedMs: z.number().min(0),
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
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type PartialEpoch = z.infer<typeof PartialEpochSchema>;
export type EarlyStop = z.infer<typeof EarlyStopSchema>;
export type Project = z.infer<typeof ProjectSchema>;

/** The weights files a run keeps: its own (when it has them) and its checkpoints'. */
export function weightIdsOf(run: Pick<RunRecord, 'id' | 'hasWeights' | 'checkpoints'>): string[] {
  return [...(run.hasWeights ? [run.id] : []), ...run.checkpoints.map((c) => c.id)];
}
