import { create } from 'zustand';
import { z } from 'zod';
import { monitorProblem as engineMonitorProblem, noValidationReason, TrainingSettingsSchema, type TrainingSettings } from '../../../engine/training';
import { numberRuleFromSchema, type NumberRule } from '../editor/draftValue';
import { humanZodIssues } from '../../../shared/zodMessages';

/** The training form's labels by settings path, so problems name the field the user sees. */
export const SETTINGS_LABELS: Readonly<Record<string, string>> = {
  dataset: 'Dataset',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  validationSplit: 'Validation split',
  validation: 'Validate on',
  'optimizer.kind': 'Optimizer',
  'optimizer.learningRate': 'Learning rate',
  'optimizer.rho': 'Rho',
  'optimizer.epsilon': 'Epsilon',
  batching: 'Batches',
  corpusLines: 'Corpus lines',
  trainLimit: 'Sample limit',
  'outputs.*.weight': 'Loss weight',
  'outputs.*.loss': 'Loss',
  'outputs.*.target': 'Target',
  'outputs.*.metrics': 'Metrics',
  'outputs.*.metrics.*': 'Metrics',
  probeSamples: 'Layer image samples',
  'probeSamples.*': 'Layer image samples',
  imageEvery: 'Layer images every',
  monitor: 'Monitor',
  checkpointEvery: 'Checkpoint every',
  checkpointBest: 'Keep the best checkpoint',
  'earlyStopping.patience': 'Patience',
  'earlyStopping.minDelta': 'Min delta',
  'earlyStopping.restoreBest': 'Restore best weights',
  testAfterTraining: 'Evaluate on the test set after training',
  testLimit: 'Test samples',
};

export { noValidationReason };

/**
 * Early stopping and the best checkpoint watch the monitored figure after each
 * epoch; the rule is the engine's, which the backend checks too.
 */
export function monitorProblem(settings: TrainingSettings): SettingsProblem | null {
  const message = engineMonitorProblem(settings);
  return message ? { label: 'Monitor', message } : null;
}

/** A settings problem as the form shows it: the field's label and what is wrong, in plain words. */
export interface SettingsProblem {
  label: string;
  message: string;
}

/** Why these settings cannot train, field by field; empty when they can. */
export function settingsProblems(settings: TrainingSettings): SettingsProblem[] {
  const result = TrainingSettingsSchema.safeParse(settings);
  const monitor = monitorProblem(settings);
  const issues = result.success ? [] : humanZodIssues(result.error, SETTINGS_LABELS).map(({ label, message }) => ({ label, message: `${label} ${message}` }));
  return monitor ? [...issues, monitor] : issues;
}

/**
 * What stands between the user and Train: a field whose typed text is not
 * valid (its draft, not yet stored), then a stored setting the schema
 * rejects. null when nothing does.
 */
export function trainBlocker(settings: TrainingSettings, draftErrors: Readonly<Record<string, string>>): SettingsProblem | null {
  const draft = Object.entries(draftErrors)[0];
  if (draft) return { label: draft[0], message: draft[1] };
  return settingsProblems(settings)[0] ?? null;
}

/** Errors of the training form's fields that hold text which cannot be stored, by label. */
export const useSettingsDrafts = create<{ errors: Record<string, string>; report(label: string, error: string | null): void }>((set) => ({
  errors: {},
  report: (label, error) =>
    set((state) => {
      if ((state.errors[label] ?? null) === error) return state;
      const errors = { ...state.errors };
      if (error === null) delete errors[label];
      else errors[label] = error;
      return { errors };
    }),
}));

const rules = new WeakMap<z.ZodType, NumberRule>();

/** A settings field's bounds, read from its schema once. */
export function settingsRule(schema: z.ZodType): NumberRule {
  let rule = rules.get(schema);
  if (!rule) rules.set(schema, (rule = numberRuleFromSchema(schema)));
  return rule;
}
