import { describe, expect, it } from 'vitest';
import { OptimizerSchema, TrainingSettingsSchema } from '../../../engine/training';
import { expectNumber, expectShape, formatDraftValue, numberRuleFromSchema, parseNumberDraft, parseShapeDraft, type NumberRule } from './draftValue';

const learningRate = numberRuleFromSchema(OptimizerSchema.shape.learningRate);
const epochs = numberRuleFromSchema(TrainingSettingsSchema.shape.epochs);
const inputShape = { minItems: 1, maxItems: 5, itemMin: 1, itemMax: 1_000_000 };

describe('number drafts', () => {
  it('reads bounds from the settings schemas, exclusive ones included', () => {
    expect(learningRate).toEqual({ integer: false, nullable: false, min: 0, minExclusive: true, max: 100 });
    expect(epochs).toEqual({ integer: true, nullable: false, min: 1, max: 10_000 });
    expect(numberRuleFromSchema(TrainingSettingsSchema.shape.trainLimit)).toEqual({ integer: true, nullable: true, min: 1 });
  });

  it('says what a field expects in words', () => {
    expect(expectNumber(learningRate)).toBe('a number greater than 0 and at most 100');
    expect(expectNumber(epochs)).toBe('a whole number from 1 to 10,000');
    expect(expectNumber({ integer: true, min: 1, nullable: true })).toBe('a whole number of at least 1, or leave it empty');
  });

  it('takes numbers as people type them', () => {
    for (const [text, value] of [['0.5', 0.5], [' 0.5 ', 0.5], ['.5', 0.5], ['1e-3', 0.001], ['100', 100], ['+2', 2]] as const) {
      expect(parseNumberDraft(text, 'Learning rate', learningRate), text).toEqual({ ok: true, value });
    }
    expect(parseNumberDraft('-1', 'Axis', { integer: true, min: -8, max: 8 })).toEqual({ ok: true, value: -1 });
  });

  it('refuses what the field cannot hold, naming the field and what it expects', () => {
    const error = 'Learning rate: enter a number greater than 0 and at most 100';
    for (const text of ['-1', '0', '', '   ', '-', '1,5', 'abc', '101', 'Infinity', '0x10', '1e999']) {
      expect(parseNumberDraft(text, 'Learning rate', learningRate), JSON.stringify(text)).toEqual({ ok: false, error });
    }
    expect(parseNumberDraft('2.5', 'Epochs', epochs)).toEqual({ ok: false, error: 'Epochs: enter a whole number from 1 to 10,000' });
  });

  it('turns empty text into null where the field may be automatic', () => {
    const rule: NumberRule = { integer: true, min: 1, nullable: true };
    expect(parseNumberDraft('', 'Sample limit', rule)).toEqual({ ok: true, value: null });
    expect(parseNumberDraft('0', 'Sample limit', rule)).toEqual({ ok: false, error: 'Sample limit: enter a whole number of at least 1, or leave it empty' });
  });
});

describe('shape drafts', () => {
  it('keeps the separators people type and reads the numbers', () => {
    for (const text of ['28, 28, 1', '28,28,1', '28 28 1', '28x28x1', '(28, 28, 1)', '[28,28,1]', ' 28 , 28 , 1 ']) {
      expect(parseShapeDraft(text, 'Shape', inputShape), text).toEqual({ ok: true, value: [28, 28, 1] });
    }
  });

  it('refuses half-typed or wrong shapes with a message that shows the format', () => {
    const error = 'Shape: enter 1 to 5 whole numbers from 1 to 1,000,000, separated by commas (e.g. 28, 28, 1)';
    for (const text of ['28,', '28, , 1', '28, a', '', '0, 28', '28.5', '-1', '1, 2, 3, 4, 5, 6']) {
      expect(parseShapeDraft(text, 'Shape', inputShape), JSON.stringify(text)).toEqual({ ok: false, error });
    }
    expect(parseShapeDraft('3', 'Kernel size', { minItems: 2, maxItems: 2, itemMin: 1, itemMax: 1000 })).toEqual({
      ok: false,
      error: 'Kernel size: enter 2 whole numbers from 1 to 1000, separated by commas (e.g. 28, 28)',
    });
  });

  it('lets a nullable shape be left empty', () => {
    expect(parseShapeDraft('', 'Strides', { minItems: 2, maxItems: 2, itemMin: 1, nullable: true })).toEqual({ ok: true, value: null });
    expect(expectShape({ minItems: 2, maxItems: 2, itemMin: 1, nullable: true })).toBe('2 whole numbers of at least 1, separated by commas (e.g. 28, 28), or leave it empty');
  });

  it('shows stored values the way they are typed', () => {
    expect(formatDraftValue([28, 28, 1])).toBe('28, 28, 1');
    expect(formatDraftValue(null)).toBe('');
    expect(formatDraftValue(0.001)).toBe('0.001');
  });
});
