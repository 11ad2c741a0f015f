import type { z } from 'zod';
import { activationSpec } from './activation';
import { addSpec } from './add';
import { averagePooling2dSpec } from './averagePooling2d';
import { batchNormalizationSpec } from './batchNormalization';
import { concatenateSpec } from './concatenate';
import { conv1dSpec } from './conv1d';
import { conv2dSpec } from './conv2d';
import { denseSpec } from './dense';
import { dropoutSpec } from './dropout';
import { embeddingSpec } from './embedding';
import { flattenSpec } from './flatten';
import { globalAveragePooling1dSpec } from './globalAveragePooling1d';
import { globalMaxPooling1dSpec } from './globalMaxPooling1d';
import { globalMaxPooling2dSpec } from './globalMaxPooling2d';
import { gruSpec } from './gru';
import { inputSpec } from './input';
import { lstmSpec } from './lstm';
import { maxPooling2dSpec } from './maxPooling2d';
import { repeatVectorSpec } from './repeatVector';
import { reshapeSpec } from './reshape';
import { simpleRnnSpec } from './simpleRnn';
import { timeDistributedSpec } from './timeDistributed';
import { paramErrorMap } from './params';
import type { LayerSpec } from './spec';

export type AnyLayerSpec = LayerSpec<Record<string, unknown>>;

/** Every layer kind, in palette order. */
export const LAYER_SPECS: readonly AnyLayerSpec[] = [
  inputSpec,
  denseSpec,
  activationSpec,
  dropoutSpec,
  flattenSpec,
  reshapeSpec,
  repeatVectorSpec,
  conv1dSpec,
  conv2dSpec,
  maxPooling2dSpec,
  averagePooling2dSpec,
  globalAveragePooling1dSpec,
  globalMaxPooling1dSpec,
  globalMaxPooling2dSpec,
  batchNormalizationSpec,
  embeddingSpec,
  simpleRnnSpec,
  gruSpec,
  lstmSpec,
  timeDistributedSpec,
  concatenateSpec,
  addSpec,
];

const BY_KIND = new Map(LAYER_SPECS.map((spec) => [spec.kind, spec]));

export function getLayerSpec(kind: string): AnyLayerSpec | undefined {
  return typeof kind === 'string' ? BY_KIND.get(kind) : undefined;
}

export interface ParamIssue {
  /** Top-level param key, e.g. `units`; empty when the params as a whole are wrong. */
  field: string;
  /** Names the field by its inspector title, e.g. "Units must be at least 1 (got 0)". */
  message: string;
}

export type ParseParamsResult =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; issues: ParamIssue[] };

/** Inspector title of a param (`.meta({ title })`), falling back to its key. */
export function paramTitle(spec: AnyLayerSpec, field: string): string {
  const shape = (spec.params as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const title = shape?.[field]?.meta()?.title;
  return typeof title === 'string' ? title : field;
}

export function parseParams(kind: string, raw: unknown): ParseParamsResult {
  const spec = getLayerSpec(kind);
  if (!spec) return { ok: false, issues: [{ field: '', message: `Unknown layer type '${String(kind)}'` }] };
  const result = spec.params.safeParse(raw ?? {}, { error: paramErrorMap });
  if (result.success) return { ok: true, params: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const [field, index] = issue.path;
      if (field === undefined) return { field: '', message: `Parameters ${issue.message}` };
      const key = String(field);
      const entry = typeof index === 'number' ? ` entry ${index + 1}` : '';
      return { field: key, message: `${paramTitle(spec, key)}${entry} ${issue.message}` };
    }),
  };
}

/** A fresh copy of a layer kind's default params; throws for an unknown kind. */
export function defaultParams(kind: string): Record<string, unknown> {
  const spec = getLayerSpec(kind);
  if (!spec) throw new Error(`Unknown layer type '${kind}'`);
  return spec.params.parse({});
}
