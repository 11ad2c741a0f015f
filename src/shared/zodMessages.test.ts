import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TrainingSettingsSchema } from '../engine/training';
import { describeZodIssue, formatZodError, humanizeKey, humanZodIssues } from './zodMessages';

const RAW = /Too small|Too big|Invalid input|Invalid option|expected (number|int|string)|invalid_type|too_small|ZodError|[<>]=?\d/;

function issuesOf(value: unknown) {
  const result = TrainingSettingsSchema.safeParse(value);
  if (result.success) throw new Error('expected the settings to be rejected');
  return result.error;
}

describe('zod issues in plain words', () => {
  it('describes each kind of issue without zod wording', () => {
    const error = issuesOf({
      dataset: '',
      epochs: 1.5,
      batchSize: 0,
      validationSplit: 'x',
      validation: 'q',
      optimizer: { kind: 'sgd', learningRate: -1 },
      trainLimit: Number.NaN,
      imageEvery: 2_000_000,
    });
    const byPath = Object.fromEntries(error.issues.map((issue) => [issue.path.join('.'), describeZodIssue(issue)]));
    expect(byPath).toEqual({
      dataset: 'must not be empty',
      epochs: 'must be a whole number',
      batchSize: 'must be at least 1',
      validationSplit: 'must be a number',
      validation: 'must be one of split, test, none',
      'optimizer.learningRate': 'must be greater than 0',
      trainLimit: 'must be a number',
      imageEvery: 'must be at most 1,000,000',
    });
    for (const text of Object.values(byPath)) expect(text).not.toMatch(RAW);
  });

  it('formats a whole error path first, and counts what it leaves out', () => {
    const error = issuesOf({ epochs: 0, batchSize: 0, optimizer: { kind: 'adam', learningRate: 0 } });
    expect(formatZodError(error)).toBe('epochs: must be at least 1; batchSize: must be at least 1; optimizer.learningRate: must be greater than 0');
    expect(formatZodError(error, 1)).toBe('epochs: must be at least 1; and 2 more');
    expect(formatZodError(error)).not.toMatch(RAW);
  });

  it('names fields by their form labels, or by their key in words', () => {
    const error = issuesOf({ optimizer: { kind: 'adam', learningRate: -1 }, outputs: [{ layer: 'dense_2', weight: -1 }], batchSize: 0 });
    expect(humanZodIssues(error, { 'optimizer.learningRate': 'Learning rate', 'outputs.*.weight': 'Loss weight' })).toEqual([
      { label: 'Batch size', message: 'must be at least 1' },
      { label: 'Learning rate', message: 'must be greater than 0' },
      { label: 'Loss weight', message: 'must be at least 0' },
    ]);
    expect(humanizeKey('use_bias')).toBe('Use bias');
  });

  it('keeps the message of a custom check', () => {
    const schema = z.number().refine((n) => n % 2 === 0, 'must be even');
    const result = schema.safeParse(3);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodIssue(result.error.issues[0]!)).toBe('must be even');
  });
});
