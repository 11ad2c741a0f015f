import { z } from 'zod';
import type { LayerSpec } from '../../../engine/layers/spec';
import {
  numberRuleFromJson,
  parseNumberDraft,
  parseShapeDraft,
  shapeRuleFromJson,
  type DraftResult,
  type JsonSchemaNode,
  type NumberRule,
  type ShapeRule,
} from './draftValue';

/** `nullable`: the field may be left empty, meaning "automatic" (e.g. strides = pool size). */
type FieldBase = { key: string; title: string; description: string; nullable: boolean };

export type ParamField =
  | (FieldBase & { kind: 'enum'; options: string[] })
  | (FieldBase & { kind: 'number'; integer: boolean; min?: number; max?: number; rule: NumberRule })
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'shape'; rule: ShapeRule });

const fieldCache = new WeakMap<LayerSpec, ParamField[]>();

/** The inspector is generated from each layer's zod schema, so specs never describe fields twice. */
export function paramFields(spec: LayerSpec): ParamField[] {
  const cached = fieldCache.get(spec);
  if (cached) return cached;
  const schema = z.toJSONSchema(spec.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaNode>;
  };
  const fields = Object.entries(schema.properties ?? {}).map(([key, declared]): ParamField => {
    // zod's nullable() becomes anyOf [T, null]: describe T, and remember that empty is allowed.
    const variants = declared.anyOf ?? [declared];
    const nullable = variants.some((v) => v.type === 'null');
    const prop = { ...declared, ...(variants.find((v) => v.type !== 'null') ?? {}) };
    const base = { key, title: declared.title ?? prop.title ?? key, description: declared.description ?? prop.description ?? '', nullable };
    if (prop.enum) return { ...base, kind: 'enum', options: prop.enum.map(String) };
    if (prop.type === 'boolean') return { ...base, kind: 'boolean' };
    if (prop.type === 'array') return { ...base, kind: 'shape', rule: shapeRuleFromJson(declared) };
    const min = prop.minimum ?? prop.exclusiveMinimum;
    const max = prop.maximum ?? prop.exclusiveMaximum;
    return {
      ...base,
      kind: 'number',
      integer: prop.type === 'integer',
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      rule: numberRuleFromJson(declared),
    };
  });
  fieldCache.set(spec, fields);
  return fields;
}

/** "28, 28, 1" → [28, 28, 1]; anything else is kept as typed so validation can name it. */
export function parseShapeText(text: string): number[] | string {
  const parts = text.split(/[\s,x×]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return parts.length > 0 && numbers.every((n) => Number.isInteger(n)) ? numbers : text;
}

/** Text typed into a number or shape field → the value to store, or what the field expects. */
export function parseParamDraft(field: ParamField, text: string): DraftResult<unknown> {
  if (field.kind === 'number') return parseNumberDraft(text, field.title, field.rule);
  if (field.kind === 'shape') return parseShapeDraft(text, field.title, field.rule);
  return { ok: true, value: text };
}
