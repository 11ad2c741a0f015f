import { describe, expect, it } from 'vitest';
import { defaultTrainingSettings } from '../../../engine/training';
import { settingsProblems, trainBlocker, useSettingsDrafts } from './settingsCheck';

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
});
