import { TrainingSettingsSchema, type TrainingSettings } from '../src/engine/training';

/**
 * A template's settings cut down to a run of `steps` batches: one epoch (as
 * many passes as the steps need where it trains on the tutorial's batches:
 * encdec-jaen's 50 pairs are one batch), no validation, no test evaluation,
 * no checkpoints. The caller stops the run after `steps` batch ends.
 */
export function stepLimitedSettings(base: TrainingSettings, steps: number, overrides: Partial<TrainingSettings> = {}): TrainingSettings {
  const tutorial = base.batching === 'tutorial';
  return TrainingSettingsSchema.parse({
    ...base,
    epochs: tutorial ? 10_000 : 1,
    validation: 'none',
    validationSplit: 0,
    // Shuffled batches: load only what the steps use. Tutorial batches index the whole corpus.
    trainLimit: tutorial ? base.trainLimit : steps * base.batchSize,
    testAfterTraining: false,
    checkpointEvery: null,
    checkpointBest: false,
    earlyStopping: null,
    ...overrides,
  });
}
