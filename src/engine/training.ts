import { z } from 'zod';

export const OPTIMIZERS = ['adadelta', 'sgd', 'adam', 'rmsprop'] as const;
export const LOSSES = ['categorical_crossentropy', 'mean_squared_error'] as const;

/** Keras' own defaults, so a user who only picks a name gets what the tutorial got. */
export const DEFAULT_LEARNING_RATE: Record<(typeof OPTIMIZERS)[number], number> = {
  adadelta: 1.0,
  sgd: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
};

export const OptimizerSchema = z.object({
  kind: z.enum(OPTIMIZERS),
  learningRate: z.number().positive().max(100),
});

export const TrainingSettingsSchema = z.object({
  dataset: z.string().min(1).default('mnist'),
  epochs: z.number().int().min(1).max(10_000).default(5),
  batchSize: z.number().int().min(1).max(65_536).default(128),
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  optimizer: OptimizerSchema.default({ kind: 'adadelta', learningRate: 1.0 }),
  loss: z.enum(LOSSES).default('categorical_crossentropy'),
  /** Use only the first N training samples (before the validation split); null means all. */
  trainLimit: z.number().int().min(1).nullable().default(null),
});

export type OptimizerSettings = z.infer<typeof OptimizerSchema>;
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;

export function defaultTrainingSettings(): TrainingSettings {
  return TrainingSettingsSchema.parse({});
}
