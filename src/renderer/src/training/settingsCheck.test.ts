import { describe, expect, it } from 'vitest';
import { defaultTrainingSettings } from '../../../engine/training';
import { monitorProblem, noValidationReason, settingsProblems, trainBlocker, useSettingsDrafts } from './settingsCheck';

describe('what holds Train back', () => {
  it('nothing, for the default settings', () => {
    expect(settingsProblems(defaultTrainingSettings())).toEqual([]);
    expect(trainBlocker(defaultTrainingSettings(), {})).toBeNull();
  });

  it('a stored setting the schema rejects, named by its form label in plain words', () => {
    const settings = { ...defaultTrainingSettings(), optimizer: { kind: 'adam' as const, learningRate: -1 } };
    expect(settingsProblems(settings)).toEqual([{ label: 'Learning rate', message: 'Learning rate must be greater than 0' }]);
    expect(trainBlocker(settings, {})).toEqual({ label: 'Learning rate', message: 'Learning rate must be greater than 0' });
    const noName = { ...defaultTrainingSettings(), trainLimit: 0 };
    expect(settingsProblems(noName)).toEqual([{ label: 'Sample limit', message: 'Sample limit must be at least 1' }]);
  });

  it('a field whose typed text is not valid comes first', () => {
    const settings = { ...defaultTrainingSettings(), epochs: 0 };
    expect(trainBlocker(settings, { 'Batch size': 'Batch size: enter a whole number from 1 to 65,536' })?.label).toBe('Batch size');
  });

  it('fields report their errors and take them back', () => {
    const { report } = useSettingsDrafts.getState();
    report('Learning rate', 'Learning rate: enter a number greater than 0 and at most 100');
    expect(useSettingsDrafts.getState().errors).toEqual({ 'Learning rate': 'Learning rate: enter a number greater than 0 and at most 100' });
    const before = useSettingsDrafts.getState().errors;
    report('Learning rate', 'Learning rate: enter a number greater than 0 and at most 100');
    expect(useSettingsDrafts.getState().errors).toBe(before);
    report('Learning rate', null);
    expect(useSettingsDrafts.getState().errors).toEqual({});
  });

  it('a val_ monitor when nothing is validated, but only where early stopping or the best checkpoint watches it', () => {
    const base = { ...defaultTrainingSettings(), validation: 'none' as const, monitor: 'val_loss' };
    // Nothing watches the monitor: no problem.
    expect(monitorProblem(base)).toBeNull();
    const stopping = { ...base, earlyStopping: { patience: 1, minDelta: 0, restoreBest: true } };
    expect(monitorProblem(stopping)?.label).toBe('Monitor');
    expect(monitorProblem(stopping)?.message).toMatch(/^Monitor val_loss is never measured: validation is off/);
    expect(trainBlocker(stopping, {})?.label).toBe('Monitor');
    const best = { ...base, checkpointBest: true, monitor: 'val_acc' };
    expect(settingsProblems(best).map((p) => p.label)).toEqual(['Monitor']);
    // A training figure needs no validation; validating on the test set measures val_ figures.
    expect(monitorProblem({ ...stopping, monitor: 'loss' })).toBeNull();
    expect(monitorProblem({ ...stopping, validation: 'test' })).toBeNull();
    expect(monitorProblem({ ...stopping, validation: 'split' })).toBeNull();
  });

  it('knows when a split validates on nothing', () => {
    const settings = defaultTrainingSettings();
    expect(noValidationReason(settings)).toBeNull();
    expect(noValidationReason({ ...settings, batching: 'tutorial' })).toMatch(/tutorial/);
    expect(noValidationReason({ ...settings, batching: 'tutorial', validation: 'test' })).toBeNull();
    expect(noValidationReason({ ...settings, validationSplit: 0 })).toMatch(/split is 0/);
    const stopping = { ...settings, batching: 'tutorial' as const, checkpointBest: true };
    expect(trainBlocker(stopping, {})?.label).toBe('Monitor');
  });

  it('names the new fields in plain words', () => {
    expect(settingsProblems({ ...defaultTrainingSettings(), checkpointEvery: 0 })).toEqual([{ label: 'Checkpoint every', message: 'Checkpoint every must be at least 1' }]);
    expect(settingsProblems({ ...defaultTrainingSettings(), testLimit: 0 })).toEqual([{ label: 'Test samples', message: 'Test samples must be at least 1' }]);
    const early = { ...defaultTrainingSettings(), earlyStopping: { patience: -1, minDelta: 0, restoreBest: true } };
    expect(settingsProblems(early)).toEqual([{ label: 'Patience', message: 'Patience must be at least 0' }]);
  });
});
