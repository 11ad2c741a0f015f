import { z } from 'zod';

export const OPTIMIZERS = ['adadelta', 'sgd', 'adam', 'rmsprop'] as const;
/** Keras loss names. The sparse variant takes class ids instead of one-hot rows: same value, far less memory. */
export const LOSSES = [
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_crossentropy',
  'mean_squared_error',
  'mean_absolute_error',
] as const;
export const METRICS = ['accuracy', 'mean_squared_error', 'mean_absolute_error'] as const;

export type LossName = (typeof LOSSES)[number];
export type MetricName = (typeof METRICS)[number];

export const LOSS_TITLES: Record<LossName, string> = {
  categorical_crossentropy: 'Categorical cross-entropy',
  sparse_categorical_crossentropy: 'Sparse categorical cross-entropy',
  binary_crossentropy: 'Binary cross-entropy',
  mean_squared_error: 'Mean squared error',
  mean_absolute_error: 'Mean absolute error',
};

export const METRIC_TITLES: Record<MetricName, string> = {
  accuracy: 'Accuracy',
  mean_squared_error: 'MSE',
  mean_absolute_error: 'MAE',
};

/** Keras' own defaults, so a user who only picks a name gets what the tutorial got. */
export const DEFAULT_LEARNING_RATE: Record<(typeof OPTIMIZERS)[number], number> = {
  adadelta: 1.0,
  sgd: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
};

/**
 * The optimizers' other hyper-parameters with the defaults of Keras 1.0.2, the
 * tutorial's Keras (keras/optimizers.py: `Adadelta(lr=1.0, rho=0.95,
 * epsilon=1e-6)`, `RMSprop(lr=0.001, rho=0.9, epsilon=1e-6)`, `Adam(lr=0.001,
 * beta_1=0.9, beta_2=0.999, epsilon=1e-8)`, `SGD(lr=0.01)`). Epsilon matters:
 * Adadelta with Keras 2's 1e-8 reaches only 0.945–0.948 on the tutorial's MLP
 * where 1e-6 reproduces its 0.97 (measured in Keras 2.15, 3 seeds).
 */
export const KERAS1_OPTIMIZER_DEFAULTS: Record<(typeof OPTIMIZERS)[number], { rho: number; epsilon: number }> = {
  adadelta: { rho: 0.95, epsilon: 1e-6 },
  sgd: { rho: 0, epsilon: 0 },
  adam: { rho: 0, epsilon: 1e-8 },
  rmsprop: { rho: 0.9, epsilon: 1e-6 },
};

export const OptimizerSchema = z.object({
  kind: z.enum(OPTIMIZERS),
  learningRate: z.number().positive().max(100),
  /** Decay of the running averages (Adadelta, RMSprop); null: Keras 1's default. */
  rho: z.number().min(0).max(1).nullish(),
  /** Fuzz factor; null: Keras 1's default. */
  epsilon: z.number().positive().max(1).nullish(),
});

/** rho and epsilon with nulls resolved to Keras 1's defaults. */
export function optimizerHyperParameters(optimizer: OptimizerSettings): { rho: number; epsilon: number } {
  const defaults = KERAS1_OPTIMIZER_DEFAULTS[optimizer.kind];
  return { rho: optimizer.rho ?? defaults.rho, epsilon: optimizer.epsilon ?? defaults.epsilon };
}

/**
 * Where validation figures come from: the last `validationSplit` of the
 * training samples (Keras' `validation_split`), the test split
 * (`validation_data=(X_test, y_test)`), or nowhere.
 */
export const VALIDATION_SOURCES = ['split', 'test', 'none'] as const;
/**
 * `shuffled`: Keras' `fit` (shuffled batches of `batchSize`).
 * `tutorial`: the batches the tutorial's generators form, in order, each
 * trained with `train_on_batch` (one per sentence, growing CBOW contexts, …).
 */
export const BATCHINGS = ['shuffled', 'tutorial'] as const;

/**
 * What one model output learns: which dataset target it predicts, with which
 * loss and metrics, and how much its loss counts in the total (Keras'
 * `loss_weights`). Outputs without an entry use their target's defaults.
 */
export const OutputSettingsSchema = z.object({
  /** Keras name of the output layer. */
  layer: z.string().min(1),
  /** Dataset target name; null picks the target whose shape matches. */
  target: z.string().min(1).nullable().default(null),
  /** null uses the target's natural loss (cross-entropy for classes). */
  loss: z.enum(LOSSES).nullable().default(null),
  metrics: z.array(z.enum(METRICS)).default(['accuracy']),
  weight: z.number().min(0).max(1000).default(1),
});

/** The tutorial draws its first 10 samples; more would crowd the grid. */
export const DEFAULT_PROBE_SAMPLES = 10;
export const MAX_PROBE_SAMPLES = 32;

export const EarlyStoppingSchema = z.object({
  /** Epochs without improvement before stopping. */
  patience: z.number().int().min(0).max(10_000).default(3),
  /** A change smaller than this is no improvement. */
  minDelta: z.number().min(0).max(1e9).default(0),
  /** End with the best epoch's weights rather than the last epoch's. */
  restoreBest: z.boolean().default(true),
});

/** Keras' mode 'auto': accuracies improve upwards, everything else (losses, errors) downwards. */
export function monitorImprovesUpwards(monitor: string): boolean {
  return /acc/.test(monitor);
}

export const TrainingSettingsSchema = z.object({
  dataset: z.string().min(1).default('mnist'),
  epochs: z.number().int().min(1).max(10_000).default(5),
  batchSize: z.number().int().min(1).max(65_536).default(128),
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  validation: z.enum(VALIDATION_SOURCES).default('split'),
  optimizer: OptimizerSchema.default({ kind: 'adadelta', learningRate: 1.0 }),
  batching: z.enum(BATCHINGS).default('shuffled'),
  /**
   * Text corpora: use only the first N lines (sentence pairs) of the corpus;
   * null takes the dataset's default (the tutorial's 50 or 500).
   */
  corpusLines: z.number().int().min(1).max(1_000_000).nullable().default(null),
  /** Per-output overrides; at most one entry per output layer. */
  outputs: z.array(OutputSettingsSchema).default([]),
  /** Use only the first N training samples (before the validation split); null means all. */
  trainLimit: z.number().int().min(1).nullable().default(null),
  /**
   * Layer images: the training samples (indices) whose layer outputs are
   * shown; null takes the first 10, as the tutorial draws them.
   */
  probeSamples: z.array(z.number().int().min(0)).min(1).max(MAX_PROBE_SAMPLES).nullable().default(null),
  /** Layer images every N batches, and at each epoch end; 0: epoch ends only; null: no layer images. */
  imageEvery: z.number().int().min(0).max(1_000_000).nullable().default(50),
  /**
   * The Keras log name that early stopping and the best checkpoint watch
   * (`val_loss`, `val_acc`, `loss`, …); lower is better unless it is an
   * accuracy, as Keras' mode 'auto' decides.
   */
  monitor: z.string().min(1).max(100).default('val_loss'),
  /** Save the weights every N epochs as a checkpoint (the tutorial saves every 10); null: none. */
  checkpointEvery: z.number().int().min(1).max(10_000).nullable().default(null),
  /** Keep the best weights so far, by `monitor`, as a checkpoint. */
  checkpointBest: z.boolean().default(false),
  /** Keras' EarlyStopping(monitor, patience, min_delta, restore_best_weights); null: off. */
  earlyStopping: EarlyStoppingSchema.nullable().default(null),
  /** Evaluate on the test set when training ends. */
  testAfterTraining: z.boolean().default(true),
  /** Use only the first N test samples when evaluating; null: the sample limit (trainLimit), else all. */
  testLimit: z.number().int().min(1).nullable().default(null),
});

export type OptimizerSettings = z.infer<typeof OptimizerSchema>;
export type OutputSettings = z.infer<typeof OutputSettingsSchema>;
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;
export type EarlyStoppingSettings = z.infer<typeof EarlyStoppingSchema>;

/**
 * Why nothing would be validated on, as the trainer decides it; null when
 * validation figures (`val_…`) are measured.
 */
export function noValidationReason(settings: Pick<TrainingSettings, 'validation' | 'batching' | 'validationSplit'>): string | null {
  if (settings.validation === 'none') return 'validation is off';
  if (settings.validation === 'split' && settings.batching === 'tutorial') return "the tutorial's batches hold no validation split";
  if (settings.validation === 'split' && settings.validationSplit === 0) return 'the validation split is 0';
  return null;
}

/**
 * Why early stopping or the best checkpoint cannot watch `monitor` in this
 * run, or null: a validation figure that is never measured never improves.
 */
export function monitorProblem(
  settings: Pick<TrainingSettings, 'monitor' | 'earlyStopping' | 'checkpointBest' | 'validation' | 'batching' | 'validationSplit'>,
): string | null {
  if (settings.earlyStopping === null && !settings.checkpointBest) return null;
  if (!settings.monitor.startsWith('val_')) return null;
  const reason = noValidationReason(settings);
  if (!reason) return null;
  return `Monitor ${settings.monitor} is never measured: ${reason}; pick a training figure (loss, acc) or validate`;
}

/** How many test samples an evaluation takes: the test limit, else the sample limit, else all (null). */
export function testLimitOf(settings: Pick<TrainingSettings, 'testLimit' | 'trainLimit'>): number | null {
  return settings.testLimit ?? settings.trainLimit ?? null;
}

export function defaultTrainingSettings(): TrainingSettings {
  return TrainingSettingsSchema.parse({});
}
