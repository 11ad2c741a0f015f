import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { denseLastAxisShape, denseOutputShape } from './dense';
import { flattenOutputShape } from './flatten';
import { ACTIVATIONS } from './params';
import { defaultParams, getLayerSpec, LAYER_SPECS, paramTitle, parseParams } from './registry';

const fmt = (result: { ok: true; shape: Shape } | { ok: false; message: string }) =>
  result.ok ? formatShape(result.shape) : `error: ${result.message}`;

describe('registry', () => {
  it('lists the layer kinds in palette order, Input first', () => {
    expect(LAYER_SPECS.map((s) => s.kind)).toEqual([
      'Input',
      'Dense',
      'Activation',
      'Dropout',
      'Flatten',
      'Reshape',
      'RepeatVector',
      'Conv1D',
      'Conv2D',
      'MaxPooling2D',
      'AveragePooling2D',
      'GlobalAveragePooling1D',
      'GlobalMaxPooling1D',
      'GlobalMaxPooling2D',
      'BatchNormalization',
      'Embedding',
      'SimpleRNN',
      'GRU',
      'LSTM',
      'TimeDistributed',
      'Concatenate',
      'Add',
    ]);
    expect(getLayerSpec('Dense')?.namePrefix).toBe('dense');
    expect(getLayerSpec('Conv3D')).toBeUndefined();
    expect(new Set(LAYER_SPECS.map((s) => s.namePrefix)).size).toBe(LAYER_SPECS.length);
  });

  it.each([
    ['Input', { shape: [784] }],
    ['Dense', { units: 128, activation: 'linear', use_bias: true }],
    ['Dropout', { rate: 0.5 }],
    ['Activation', { activation: 'relu' }],
    ['Flatten', {}],
  ])('defaultParams(%s)', (kind, expected) => {
    expect(defaultParams(kind)).toEqual(expected);
  });

  it('gives a fresh default object each time', () => {
    const a = defaultParams('Input') as { shape: number[] };
    a.shape.push(3);
    expect(defaultParams('Input')).toEqual({ shape: [784] });
  });

  it('throws from defaultParams for an unknown kind', () => {
    expect(() => defaultParams('Nope')).toThrow(/Unknown layer type 'Nope'/);
  });

  it.each([
    ['Dense', { units: 0 }, 'units', 'Units must be at least 1 (got 0)'],
    ['Dense', { units: 2.5 }, 'units', 'Units must be a whole number (got 2.5)'],
    ['Dense', { units: '12' }, 'units', 'Units must be a number (got "12")'],
    ['Dense', { activation: 'gelu' }, 'activation', 'Activation must be one of: linear, relu'],
    ['Dense', { use_bias: 1 }, 'use_bias', 'Use bias must be true or false (got 1)'],
    ['Dropout', { rate: 1 }, 'rate', 'Rate must be less than 1 (got 1)'],
    ['Dropout', { rate: -0.1 }, 'rate', 'Rate must be at least 0 (got -0.1)'],
    ['Dropout', { rate: Number.NaN }, 'rate', 'Rate must be a number'],
    ['Input', { shape: [] }, 'shape', 'Shape needs at least 1 entry'],
    ['Input', { shape: [28, 0] }, 'shape', 'Shape entry 2 must be at least 1 (got 0)'],
    ['Input', { shape: 784 }, 'shape', 'Shape must be a list (got 784)'],
  ])('parseParams(%s, %j) reports field %s', (kind, raw, field, message) => {
    const result = parseParams(kind, raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.field).toBe(field);
    expect(result.issues[0]?.message).toContain(message);
  });

  it('fills defaults and keeps valid values', () => {
    expect(parseParams('Dense', { units: 10, activation: 'softmax' })).toEqual({
      ok: true,
      params: { units: 10, activation: 'softmax', use_bias: true },
    });
    expect(parseParams('Dense', undefined)).toEqual({ ok: true, params: defaultParams('Dense') });
  });

  it('reports params that are not an object, and unknown kinds', () => {
    const notObject = parseParams('Dense', 5);
    expect(notObject.ok).toBe(false);
    if (!notObject.ok) expect(notObject.issues[0]).toEqual({ field: '', message: 'Parameters must be a set of values (got 5)' });
    const unknown = parseParams('Conv9D', {});
    expect(unknown.ok).toBe(false);
  });

  it('every param carries a title and description for the inspector', () => {
    for (const spec of LAYER_SPECS) {
      const schema = z.toJSONSchema(spec.params, { io: 'input' }) as {
        properties?: Record<string, { title?: string; description?: string; default?: unknown }>;
      };
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        expect(prop.title, `${spec.kind}.${key}`).toMatch(/\S/);
        expect(prop.description, `${spec.kind}.${key}`).toMatch(/\S/);
        expect(prop.default, `${spec.kind}.${key}`).toEqual(defaultParams(spec.kind)[key]);
        expect(paramTitle(spec, key)).toBe(prop.title);
      }
    }
    const dense = z.toJSONSchema(getLayerSpec('Dense')!.params) as { properties: Record<string, { enum?: unknown }> };
    expect(dense.properties.activation?.enum).toEqual([...ACTIVATIONS]);
  });
});

describe('shape arithmetic', () => {
  it.each<[Shape, number, string]>([
    [[null, 784], 128, '(None, 128)'],
    [[null, 5, 7], 3, 'error: Dense expects (None, features) but receives (None, 5, 7).'],
    [[null, 10, 12, 12], 4, 'error: Dense expects (None, features) but receives (None, 10, 12, 12).'],
    [[null], 4, 'error: Dense expects (None, features) but receives (None,).'],
    [[null, null], 4, 'error: Dense needs a known last dimension but receives (None, None).'],
  ])('denseOutputShape(%j, %i) = %s', (input, units, expected) => {
    expect(fmt(denseOutputShape(input, units))).toBe(expected);
  });

  // The per-step arithmetic TimeDistributed reuses keeps Keras 2's any-rank semantics.
  it.each<[Shape, number, string]>([
    [[5, 7], 3, '(5, 3)'],
    [[10, 12, 12], 4, '(10, 12, 4)'],
    [[5, null], 3, 'error: Dense needs a known last dimension but receives (5, None).'],
  ])('denseLastAxisShape(%j, %i) = %s', (input, units, expected) => {
    expect(fmt(denseLastAxisShape(input, units))).toBe(expected);
  });

  it.each<[Shape, string]>([
    [[null, 28, 28], '(None, 784)'],
    [[null, 28, 28, 1], '(None, 784)'],
    [[null, 2, 3, 4, 5], '(None, 120)'],
    [[null, 784], 'error: Flatten expects at least (None, a, b) but receives (None, 784), which is already flat.'],
    [[null, null, 3], 'error: Flatten needs every dimension except the batch to be known'],
  ])('flattenOutputShape(%j) = %s', (input, expected) => {
    expect(fmt(flattenOutputShape(input))).toContain(expected);
  });

  it('keeps the shape through Dropout and Activation', () => {
    for (const kind of ['Dropout', 'Activation']) {
      const spec = getLayerSpec(kind)!;
      expect(spec.inferShape([[null, 3, 4]], defaultParams(kind))).toEqual({ ok: true, shape: [null, 3, 4] });
    }
  });

  it('Input prepends the batch dimension', () => {
    const spec = getLayerSpec('Input')!;
    expect(spec.inferShape([], { shape: [28, 28, 1] })).toEqual({ ok: true, shape: [null, 28, 28, 1] });
  });
});

describe('toKeras', () => {
  it('sets Keras parity initialisers on Dense', () => {
    const config = getLayerSpec('Dense')!.toKeras(defaultParams('Dense'), 'dense_1').config;
    expect(config.kernel_initializer).toEqual({ class_name: 'GlorotUniform', config: { seed: null } });
    expect(config.bias_initializer).toEqual({ class_name: 'Zeros', config: {} });
    expect(config.name).toBe('dense_1');
  });

  it('writes Input as an InputLayer with a batch_input_shape', () => {
    expect(getLayerSpec('Input')!.toKeras({ shape: [28, 28] }, 'input_1')).toEqual({
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, 28, 28], dtype: 'float32', sparse: false, name: 'input_1' },
    });
  });
});
