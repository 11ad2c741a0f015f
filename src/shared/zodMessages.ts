import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

function show(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US') : String(value);
  return JSON.stringify(value) ?? String(value);
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of fields',
  null: 'empty',
};

/**
 * One zod issue in plain words, without its path: "must be greater than 0",
 * "must be a whole number", "must be one of split, test, none". Never zod's
 * own wording ("Too small: expected number to be >0", "invalid_type").
 */
export function describeZodIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_small': {
      const min = show(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${min} item${min === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `needs at least ${min} characters`;
      return issue.inclusive === false ? `must be greater than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = show(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `takes at most ${max} item${max === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return `takes at most ${max} characters`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_type': {
      const received = (issue as { received?: unknown }).received;
      if (received === 'undefined') return 'is missing';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${show(issue.values[0])}` : `must be one of ${issue.values.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${show(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    case 'invalid_union':
      return 'is not in a form that is accepted';
    case 'invalid_key':
    case 'invalid_element':
      return 'holds an entry that is not valid';
    default:
      // Custom issues carry their author's own message.
      return issue.message.replace(/^Invalid input:?\s*/i, '') || 'is not valid';
  }
}

/** `training.batchSize: must be at least 1` — one line per issue, path first, in plain words. */
export function formatZodError(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${where}: ${describeZodIssue(issue)}`;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return lines.join('; ') + more;
}

/** "batchSize" → "Batch size", "learningRate" → "Learning rate". */
export function humanizeKey(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The label a form shows for an issue's path: `labels` maps dotted paths
 * (array indices written as `*`, e.g. `outputs.*.weight`) to field labels;
 * other paths fall back to their last key, humanized.
 */
export function labelFor(path: readonly PropertyKey[], labels: Readonly<Record<string, string>> = {}): string {
  const dotted = path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.');
  if (labels[dotted]) return labels[dotted];
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return last === undefined ? 'This value' : humanizeKey(last);
}

/** Issues as a user reads them: "Learning rate must be greater than 0." — field labels, plain words. */
export function humanZodIssues(error: z.ZodError, labels: Readonly<Record<string, string>> = {}, limit = 3): { label: string; message: string }[] {
  return error.issues.slice(0, limit).map((issue) => ({ label: labelFor(issue.path, labels), message: describeZodIssue(issue) }));
}
