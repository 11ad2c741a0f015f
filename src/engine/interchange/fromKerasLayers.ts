import type { z } from 'zod';
import { LAYER_SPECS, parseParams, type AnyLayerSpec } from '../layers/registry';
import { renameKeras1Layer } from './fromKerasKeras1';

/**
 * One Keras layer config as a LayerLab layer: the spec is found by inverting
 * each spec's `toKeras` class name, the params by the spec's `fromKeras`
 * (or the config keys of the params' names). Whatever does not fit is said
 * in `problems`, never dropped silently.
 */

/** Keras class name → spec, read from what each spec's toKeras writes (InputLayer → Input, …). */
const SPEC_BY_KERAS_CLASS = new Map<string, AnyLayerSpec>(
  LAYER_SPECS.map((spec) => [spec.toKeras(spec.params.parse({}), 'probe').class_name, spec]),
);

/** Keras 2 still accepts these old names. */
const KERAS_CLASS_ALIASES: Readonly<Record<string, string>> = { Convolution1D: 'Conv1D', Convolution2D: 'Conv2D' };

export function specForKerasClass(className: string): AnyLayerSpec | undefined {
  return SPEC_BY_KERAS_CLASS.get(KERAS_CLASS_ALIASES[className] ?? className);
}

/**
 * Keras settings LayerLab has no param for, with the values that mean "off".
 * Any other value changes what the layer computes or how it trains, so it is reported.
 */
const NEUTRAL_SETTINGS: Readonly<Record<string, (value: unknown) => boolean>> = {
  kernel_regularizer: isNullish,
  bias_regularizer: isNullish,
  recurrent_regularizer: isNullish,
  activity_regularizer: isNullish,
  embeddings_regularizer: isNullish,
  beta_regularizer: isNullish,
  gamma_regularizer: isNullish,
  kernel_constraint: isNullish,
  bias_constraint: isNullish,
  recurrent_constraint: isNullish,
  embeddings_constraint: isNullish,
  beta_constraint: isNullish,
  gamma_constraint: isNullish,
  data_format: (v) => isNullish(v) || v === 'channels_last',
  dilation_rate: (v) => isNullish(v) || v === 1 || (Array.isArray(v) && v.every((d) => d === 1)),
  groups: (v) => isNullish(v) || v === 1,
  mask_zero: (v) => !v,
  return_state: (v) => !v,
  go_backwards: (v) => !v,
  stateful: (v) => !v,
  dropout: (v) => isNullish(v) || v === 0,
  recurrent_dropout: (v) => isNullish(v) || v === 0,
  center: (v) => v !== false,
  scale: (v) => v !== false,
  trainable: (v) => v !== false,
};

/** Settings that only matter to some layers (recurrent layers here always use a bias, and GRUs Keras 1's reset_after=false). */
const NEUTRAL_FOR_KIND: Readonly<Record<string, Readonly<Record<string, (value: unknown) => boolean>>>> = {
  SimpleRNN: { use_bias: (v) => v !== false },
  GRU: { use_bias: (v) => v !== false, reset_after: (v) => v === false },
  LSTM: { use_bias: (v) => v !== false },
};

function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}

export function describeConfig(config: unknown, limit = 300): string {
  const text = JSON.stringify(config) ?? String(config);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function paramKeys(spec: AnyLayerSpec): string[] {
  const shape = (spec.params as unknown as { shape?: Record<string, z.ZodType> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** Only the spec's params, without undefined values, so the schema's defaults fill in. */
function pickParams(spec: AnyLayerSpec, raw: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of paramKeys(spec)) if (raw[key] !== undefined) picked[key] = raw[key];
  return picked;
}

export type ImportedLayer =
  | { ok: true; kind: string; params: Record<string, unknown>; problems: string[] }
  | { ok: false; problems: string[] };

export function importKerasLayer(name: string, rawClassName: string, rawConfig: Readonly<Record<string, unknown>>): ImportedLayer {
  // Keras 1 names are renamed first; Keras 2/3 configs have none of them, so this is a no-op for them.
  const { className, config } = renameKeras1Layer(rawClassName, rawConfig);
  const spec = specForKerasClass(className);
  const wrapped = className === 'TimeDistributed' ? (config.layer as { class_name?: unknown } | undefined)?.class_name : 'Dense';
  if (!spec || wrapped !== 'Dense') {
    const what = className === 'TimeDistributed' ? `TimeDistributed(${String(wrapped)})` : rawClassName;
    return { ok: false, problems: [`Layer '${name}' (${what}) has no LayerLab equivalent and was left out. Its Keras config: ${describeConfig(rawConfig)}`] };
  }
  const problems: string[] = [];
  const neutral = { ...NEUTRAL_SETTINGS, ...NEUTRAL_FOR_KIND[spec.kind] };
  for (const [key, isNeutral] of Object.entries(neutral)) {
    if (key in config && !isNeutral(config[key])) {
      problems.push(`Layer '${name}' (${spec.kind}): LayerLab has no setting ${key} = ${describeConfig(config[key], 120)}; it was ignored.`);
    }
  }
  let params = pickParams(spec, spec.fromKeras ? spec.fromKeras(config) : config);
  let parsed = parseParams(spec.kind, params);
  if (!parsed.ok) {
    // Keep what is valid and let the defaults replace the rest, saying which.
    const bad = new Set(parsed.issues.map((issue) => issue.field));
    for (const issue of parsed.issues) problems.push(`Layer '${name}' (${spec.kind}): ${issue.message}; the default was used.`);
    params = Object.fromEntries(Object.entries(params).filter(([key]) => !bad.has(key)));
    parsed = parseParams(spec.kind, params);
    if (!parsed.ok) return { ok: false, problems: [...problems, `Layer '${name}' (${spec.kind}) could not be read: ${describeConfig(rawConfig)}`] };
  }
  return { ok: true, kind: spec.kind, params: parsed.params, problems };
}
