import { z } from 'zod';
import type { LayerSpec } from '../../../engine/layers/spec';

export type ParamField =
  | { key: string; title: string; description: string; kind: 'enum'; options: string[] }
  | { key: string; title: string; description: string; kind: 'number'; integer: boolean; min?: number; max?: number }
  | { key: string; title: string; description: string; kind: 'boolean' }
  | { key: string; title: string; description: string; kind: 'shape' };

interface JsonSchemaProperty {
  type?: string | string[];
  enum?: unknown[];
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchemaProperty;
}

const fieldCache = new WeakMap<LayerSpec, ParamField[]>();

/** The inspector is generated from each layer's zod schema, so specs never describe fields twice. */
export function paramFields(spec: LayerSpec): ParamField[] {
  const cached = fieldCache.get(spec);
  if (cached) return cached;
  const schema = z.toJSONSchema(spec.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
  };
  const fields = Object.entries(schema.properties ?? {}).map(([key, prop]): ParamField => {
    const base = { key, title: prop.title ?? key, description: prop.description ?? '' };
    if (prop.enum) return { ...base, kind: 'enum', options: prop.enum.map(String) };
    if (prop.type === 'boolean') return { ...base, kind: 'boolean' };
    if (prop.type === 'array') return { ...base, kind: 'shape' };
    const min = prop.minimum ?? prop.exclusiveMinimum;
    const max = prop.maximum ?? prop.exclusiveMaximum;
    return { ...base, kind: 'number', integer: prop.type === 'integer', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
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
