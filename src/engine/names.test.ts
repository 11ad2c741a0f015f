import { describe, expect, it } from 'vitest';
import { isValidLayerName, nextLayerName } from './names';

describe('nextLayerName', () => {
  it.each<[string, string[], string]>([
    ['dense', [], 'dense_1'],
    ['dense', ['dense_1'], 'dense_2'],
    ['dense', ['dense_1', 'dense_3', 'input_7'], 'dense_4'],
    ['dense', ['dense_x', 'dense', 'mydense_5', 'dense_2_1'], 'dense_1'],
    ['input', ['dense_9', 'input_1'], 'input_2'],
    ['a.b', ['aXb_4', 'a.b_1'], 'a.b_2'],
  ])('%s after %j is %s', (prefix, existing, expected) => {
    expect(nextLayerName(prefix, existing)).toBe(expected);
  });

  it('accepts any iterable', () => {
    expect(nextLayerName('flatten', new Set(['flatten_1']))).toBe('flatten_2');
  });
});

describe('isValidLayerName', () => {
  it.each([
    ['dense_1', true],
    ['Dense-2.a', true],
    ['', false],
    ['_x', false],
    ['my layer', false],
    ['a/b', false],
  ])('%s → %s', (name, valid) => {
    expect(isValidLayerName(name)).toBe(valid);
  });
});
