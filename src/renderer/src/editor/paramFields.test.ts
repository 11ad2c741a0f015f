import { describe, expect, it } from 'vitest';
import { getLayerSpec } from '../../../engine/layers/registry';
import { paramFields, parseParamDraft, parseShapeText } from './paramFields';

describe('inspector fields from layer schemas', () => {
  it('describes Dense as units (integer), activation (enum) and use_bias (boolean)', () => {
    const fields = paramFields(getLayerSpec('Dense')!);
    expect(fields.find((f) => f.key === 'units')).toMatchObject({ kind: 'number', integer: true, nullable: false });
    expect(fields.find((f) => f.key === 'activation')).toMatchObject({ kind: 'enum' });
    expect(fields.find((f) => f.key === 'activation' && f.kind === 'enum' && f.options.includes('softmax'))).toBeDefined();
    expect(fields.find((f) => f.key === 'use_bias')).toMatchObject({ kind: 'boolean' });
  });

  it('marks optional parameters as nullable with their real type', () => {
    const embedding = paramFields(getLayerSpec('Embedding')!).find((f) => f.key === 'input_length');
    expect(embedding).toMatchObject({ kind: 'number', integer: true, nullable: true });
    const strides = paramFields(getLayerSpec('MaxPooling2D')!).find((f) => f.key === 'strides');
    expect(strides).toMatchObject({ kind: 'shape', nullable: true });
  });

  it('parses shapes as typed, and keeps bad text for validation to name', () => {
    expect(parseShapeText('28, 28, 1')).toEqual([28, 28, 1]);
    expect(parseShapeText('3x3')).toEqual([3, 3]);
    expect(parseShapeText('28, a')).toBe('28, a');
  });

  it('checks drafts against the bounds the layer schema declares', () => {
    const shape = paramFields(getLayerSpec('Input')!).find((f) => f.key === 'shape')!;
    expect(shape).toMatchObject({ kind: 'shape', rule: { minItems: 1, maxItems: 5, itemMin: 1 } });
    expect(parseParamDraft(shape, '28, 28, 1')).toEqual({ ok: true, value: [28, 28, 1] });
    expect(parseParamDraft(shape, '28, 28,')).toMatchObject({ ok: false, error: expect.stringMatching(/^Shape: enter 1 to 5 whole numbers/) });

    const rate = paramFields(getLayerSpec('Dropout')!).find((f) => f.key === 'rate')!;
    expect(parseParamDraft(rate, '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseParamDraft(rate, '-')).toMatchObject({ ok: false, error: expect.stringMatching(/^Rate: enter a number/) });

    const axis = paramFields(getLayerSpec('Concatenate')!).find((f) => f.key === 'axis')!;
    expect(parseParamDraft(axis, '-1')).toEqual({ ok: true, value: -1 });

    const units = paramFields(getLayerSpec('Dense')!).find((f) => f.key === 'units')!;
    expect(parseParamDraft(units, '')).toEqual({ ok: false, error: expect.stringMatching(/^Units: enter a whole number from 1 to 100,000$/) });
    const strides = paramFields(getLayerSpec('MaxPooling2D')!).find((f) => f.key === 'strides')!;
    expect(parseParamDraft(strides, '')).toEqual({ ok: true, value: null });
  });
});
