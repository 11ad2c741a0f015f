/**
 * Keras 1 (the tutorial's era) config names, renamed to the Keras 2 names the
 * layer specs read. One entry per Keras 1 name; `layers` limits an entry to
 * some Keras 1 class names, `except` keeps a name as it is for others (Keras 1's
 * Embedding already said `output_dim` and `input_dim`).
 */
export interface Keras1Rename {
  keras1: string;
  /** The Keras 2 config key it becomes. */
  keras2: string;
  layers?: readonly string[];
  except?: readonly string[];
  /** Value conversion, when the Keras 1 value differs in form. */
  convert?: (value: unknown) => unknown;
}

const DIM_ORDERING: Record<string, string> = { tf: 'channels_last', th: 'channels_first', default: 'channels_last' };

export const KERAS1_RENAMES: readonly Keras1Rename[] = [
  { keras1: 'output_dim', keras2: 'units', except: ['Embedding'] },
  { keras1: 'init', keras2: 'embeddings_initializer', layers: ['Embedding'] },
  { keras1: 'init', keras2: 'kernel_initializer', except: ['Embedding'] },
  { keras1: 'inner_init', keras2: 'recurrent_initializer' },
  { keras1: 'W_regularizer', keras2: 'embeddings_regularizer', layers: ['Embedding'] },
  { keras1: 'W_regularizer', keras2: 'kernel_regularizer', except: ['Embedding'] },
  { keras1: 'U_regularizer', keras2: 'recurrent_regularizer' },
  { keras1: 'b_regularizer', keras2: 'bias_regularizer' },
  { keras1: 'W_constraint', keras2: 'embeddings_constraint', layers: ['Embedding'] },
  { keras1: 'W_constraint', keras2: 'kernel_constraint', except: ['Embedding'] },
  { keras1: 'U_constraint', keras2: 'recurrent_constraint' },
  { keras1: 'b_constraint', keras2: 'bias_constraint' },
  { keras1: 'bias', keras2: 'use_bias' },
  { keras1: 'border_mode', keras2: 'padding' },
  { keras1: 'nb_filter', keras2: 'filters' },
  { keras1: 'filter_length', keras2: 'kernel_size', convert: (v) => [v] },
  { keras1: 'subsample_length', keras2: 'strides', convert: (v) => [v] },
  { keras1: 'subsample', keras2: 'strides' },
  { keras1: 'pool_length', keras2: 'pool_size', convert: (v) => [v] },
  { keras1: 'stride', keras2: 'strides', convert: (v) => [v] },
  { keras1: 'inner_activation', keras2: 'recurrent_activation' },
  { keras1: 'dim_ordering', keras2: 'data_format', convert: (v) => (typeof v === 'string' ? (DIM_ORDERING[v] ?? v) : v) },
  { keras1: 'p', keras2: 'rate', layers: ['Dropout'] },
  { keras1: 'dropout_W', keras2: 'dropout' },
  { keras1: 'dropout_U', keras2: 'recurrent_dropout' },
  { keras1: 'concat_axis', keras2: 'axis', layers: ['Merge'] },
  { keras1: 'input_dtype', keras2: 'dtype' },
];

/** Keras 1 class names whose Keras 2 name differs. `Merge` is resolved by its `mode` (see keras1MergeClass). */
export const KERAS1_CLASS_NAMES: Readonly<Record<string, string>> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  AtrousConvolution2D: 'Conv2D',
};

/** Keras 1's `Merge(mode=…)` as the Keras 2 merge layer; undefined for modes LayerLab lacks (mul, dot, cos, …). */
export function keras1MergeClass(mode: unknown): string | undefined {
  if (mode === 'concat') return 'Concatenate';
  if (mode === 'sum') return 'Add';
  return undefined;
}

function appliesTo(rename: Keras1Rename, className: string): boolean {
  if (rename.layers && !rename.layers.includes(className)) return false;
  return !rename.except?.includes(className);
}

/**
 * A Keras 1 layer as Keras 2 would write it: class renamed, keys renamed
 * through KERAS1_RENAMES, `nb_row`/`nb_col` joined into `kernel_size`.
 * Keys that have no Keras 2 name stay, so nothing is lost before the specs read it.
 */
export function renameKeras1Layer(className: string, config: Readonly<Record<string, unknown>>): { className: string; config: Record<string, unknown> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const rename = KERAS1_RENAMES.find((r) => r.keras1 === key && appliesTo(r, className));
    if (rename) out[rename.keras2] = rename.convert ? rename.convert(value) : value;
    else if (key !== 'nb_row' && key !== 'nb_col') out[key] = value;
  }
  if ('nb_row' in config || 'nb_col' in config) out.kernel_size = [config.nb_row, config.nb_col];
  const renamedClass = className === 'Merge' ? (keras1MergeClass(config.mode) ?? 'Merge') : (KERAS1_CLASS_NAMES[className] ?? className);
  return { className: renamedClass, config: out };
}
