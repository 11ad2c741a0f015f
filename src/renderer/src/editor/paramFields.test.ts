import { describe, expect, it } from 'vitest';
import { getLayerSpec } from '../../../engine/layers/registry';
import { paramFields, parseShapeText } from './paramFields';

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
});
