import { z } from 'zod';

/** Keras activation names LayerLab offers (tfjs accepts them after its snake→camel conversion). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'sigmoid',
  'softmax',
  'tanh',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'hard_sigmoid',
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export function activationParam(defaultValue: ActivationName, description: string) {
  return z.enum(ACTIVATIONS).default(defaultValue).meta({ title: 'Activation', description });
}

/** Keras JSON fields every layer config carries. */
export function baseKerasConfig(name: string): Record<string, unknown> {
  return { name, trainable: true, dtype: 'float32' };
}

function describeValue(value: unknown): string | null {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return null;
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  string: 'text',
  object: 'a set of values',
};

function entries(n: number | bigint): string {
  return `${n} ${Number(n) === 1 ? 'entry' : 'entries'}`;
}

/** The clause after a field's title: "must be at least 1". */
function ruleText(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${entries(issue.minimum)}`;
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `takes at most ${entries(issue.maximum)}`;
      return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    default:
      return 'is not valid';
  }
}

/** zod error map that produces plain-language clauses such as "must be at least 1 (got 0)". */
export const paramErrorMap: z.core.$ZodErrorMap = (issue) => {
  const got = describeValue(issue.input);
  return got === null ? ruleText(issue) : `${ruleText(issue)} (got ${got})`;
};
