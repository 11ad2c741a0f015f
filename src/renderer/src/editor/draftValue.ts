import { z } from 'zod';

/**
 * Parsing and checking of what a user types into a number or shape field.
 * Fields keep the typed text as a draft; these helpers decide whether that
 * text is a value the store may hold, and if not, say in plain words what the
 * field expects ("Learning rate: enter a number greater than 0").
 */

export type DraftResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Bounds of a number field; `nullable`: empty text means "automatic" (null). */
export interface NumberRule {
  integer: boolean;
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  nullable?: boolean;
}

/** A list of whole numbers such as `28, 28, 1` (a sample's shape, a kernel size). */
export interface ShapeRule {
  minItems?: number;
  maxItems?: number;
  itemMin?: number;
  itemMax?: number;
  nullable?: boolean;
}

/** The part of a JSON schema property (as `z.toJSONSchema` writes it) that bounds a number or a list of numbers. */
export interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
}

function isNullVariant(node: JsonSchemaNode): boolean {
  return node.type === 'null';
}

/** The JSON schema of a (possibly nullable) zod field, split into its non-null part and whether null is allowed. */
function unwrap(node: JsonSchemaNode): { node: JsonSchemaNode; nullable: boolean } {
  const variants = node.anyOf ?? [node];
  return { node: { ...node, ...(variants.find((v) => !isNullVariant(v)) ?? {}) }, nullable: variants.some(isNullVariant) };
}

/** Number bounds from a JSON schema property (as `z.toJSONSchema` writes it). */
export function numberRuleFromJson(declared: JsonSchemaNode): NumberRule {
  const { node, nullable } = unwrap(declared);
  const rule: NumberRule = { integer: node.type === 'integer', nullable };
  // z.int() writes the safe-integer range as bounds; they are no limit anyone types into.
  if (Math.abs(node.minimum ?? 0) >= Number.MAX_SAFE_INTEGER) delete node.minimum;
  if (Math.abs(node.maximum ?? 0) >= Number.MAX_SAFE_INTEGER) delete node.maximum;
  if (node.minimum !== undefined) rule.min = node.minimum;
  else if (node.exclusiveMinimum !== undefined) Object.assign(rule, { min: node.exclusiveMinimum, minExclusive: true });
  if (node.maximum !== undefined) rule.max = node.maximum;
  else if (node.exclusiveMaximum !== undefined) Object.assign(rule, { max: node.exclusiveMaximum, maxExclusive: true });
  return rule;
}

/** Length and item bounds from a JSON schema array property. */
export function shapeRuleFromJson(declared: JsonSchemaNode): ShapeRule {
  const { node, nullable } = unwrap(declared);
  const items = numberRuleFromJson(node.items ?? {});
  const rule: ShapeRule = { nullable };
  if (node.minItems !== undefined) rule.minItems = node.minItems;
  if (node.maxItems !== undefined) rule.maxItems = node.maxItems;
  if (items.min !== undefined) rule.itemMin = items.minExclusive ? Math.floor(items.min) + 1 : items.min;
  if (items.max !== undefined) rule.itemMax = items.maxExclusive ? Math.ceil(items.max) - 1 : items.max;
  return rule;
}

/** The bounds of a zod number schema, e.g. `OptimizerSchema.shape.learningRate`. */
export function numberRuleFromSchema(schema: z.ZodType): NumberRule {
  return numberRuleFromJson(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode);
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

function show(n: number): string {
  return Math.abs(n) >= 10_000 ? numberFormat.format(n) : String(n);
}

/** What a number field expects, as the end of "enter …": "a whole number from 1 to 10,000". */
export function expectNumber(rule: NumberRule): string {
  const noun = rule.integer ? 'a whole number' : 'a number';
  const { min, max } = rule;
  let range = '';
  if (min !== undefined && max !== undefined && !rule.minExclusive && !rule.maxExclusive) range = ` from ${show(min)} to ${show(max)}`;
  else {
    const parts: string[] = [];
    if (min !== undefined) parts.push(rule.minExclusive ? `greater than ${show(min)}` : `of at least ${show(min)}`);
    if (max !== undefined) parts.push(rule.maxExclusive ? `less than ${show(max)}` : `at most ${show(max)}`);
    if (parts.length > 0) range = ` ${parts.join(' and ')}`;
  }
  return `${noun}${range}${rule.nullable ? ', or leave it empty' : ''}`;
}

/** What a shape field expects: "1 to 5 whole numbers of at least 1, separated by commas (e.g. 28, 28, 1)". */
export function expectShape(rule: ShapeRule): string {
  const { minItems = 1, maxItems } = rule;
  const count =
    maxItems === undefined ? `${minItems === 1 ? 'one or more' : `at least ${minItems}`}` : minItems === maxItems ? String(minItems) : `${minItems} to ${maxItems}`;
  const one = count === '1';
  const item = expectNumber({ integer: true, min: rule.itemMin, max: rule.itemMax }).replace(/^a whole number/, one ? 'whole number' : 'whole numbers');
  const example = Array.from({ length: Math.max(minItems, Math.min(maxItems ?? 3, 3)) }, (_, i) => [28, 28, 1][i] ?? 1)
    .map((n) => Math.min(Math.max(n, rule.itemMin ?? n), rule.itemMax ?? n))
    .join(', ');
  return `${one ? 'one' : count} ${item}${one ? '' : ', separated by commas'} (e.g. ${example})${rule.nullable ? ', or leave it empty' : ''}`;
}

/** A number as typed: accepts `-1`, ` 0.5 `, `1e-3`, `.5`; rejects empty text (unless nullable), `1,5`, `abc`. */
export function parseNumberDraft(text: string, label: string, rule: NumberRule): DraftResult<number | null> {
  const trimmed = text.trim();
  const fail = { ok: false as const, error: `${label}: enter ${expectNumber(rule)}` };
  if (trimmed === '') return rule.nullable ? { ok: true, value: null } : fail;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return fail;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return fail;
  if (rule.integer && !Number.isInteger(n)) return fail;
  if (rule.min !== undefined && (rule.minExclusive ? n <= rule.min : n < rule.min)) return fail;
  if (rule.max !== undefined && (rule.maxExclusive ? n >= rule.max : n > rule.max)) return fail;
  return { ok: true, value: n };
}

/** A shape as typed: `28, 28, 1`, `28 28 1`, `3x3`, `(28, 28, 1)` or `[28,28,1]`. */
export function parseShapeDraft(text: string, label: string, rule: ShapeRule): DraftResult<number[] | null> {
  const trimmed = text.trim().replace(/^[[(]\s*/, '').replace(/\s*[\])]$/, '');
  const fail = { ok: false as const, error: `${label}: enter ${expectShape(rule)}` };
  if (trimmed === '') return rule.nullable ? { ok: true, value: null } : fail;
  const parts = trimmed.split(/\s*[,x×]\s*|\s+/i);
  if (parts.some((p) => !/^\d+$/.test(p))) return fail;
  const numbers = parts.map(Number);
  if (rule.minItems !== undefined && numbers.length < rule.minItems) return fail;
  if (rule.maxItems !== undefined && numbers.length > rule.maxItems) return fail;
  const item: NumberRule = { integer: true, min: rule.itemMin, max: rule.itemMax };
  if (numbers.some((n) => !parseNumberDraft(String(n), label, item).ok)) return fail;
  return { ok: true, value: numbers };
}

/** How a committed value is shown in its field: `[28, 28, 1]` → `28, 28, 1`, null → empty. */
export function formatDraftValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
