import { TrainingSettingsSchema, type TrainingSettings } from '../training';

/**
 * Every tutorial network compiles with `optimizer='adadelta'` (or
 * `Adadelta()`), i.e. Keras 1.0.2's defaults from keras/optimizers.py:
 * `Adadelta(lr=1.0, rho=0.95, epsilon=1e-6)`. rho and epsilon are left null so
 * they resolve to exactly those (`KERAS1_OPTIMIZER_DEFAULTS`); LayerLab's
 * Adadelta uses Keras' update formula, not tfjs' (src/trainer/optimizers.ts).
 */
export function tutorialTraining(settings: Partial<TrainingSettings> & Pick<TrainingSettings, 'dataset'>): TrainingSettings {
  // Parsed so settings added to the schema later get their defaults.
  return TrainingSettingsSchema.parse({
    optimizer: { kind: 'adadelta', learningRate: 1.0 },
    outputs: [],
    trainLimit: null,
    ...settings,
  });
}
