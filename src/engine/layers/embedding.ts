import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { MAX_DIM } from './input';
import { classNameOf } from './fromKerasValues';
import { baseKerasConfig } from './params';
import { fail, ok, type LayerSpec, type ShapeResult } from './spec';

export const MAX_VOCABULARY = 10_000_000;

export const EMBEDDING_INITIALIZERS = ['uniform', 'glorot_uniform'] as const;

/** Keras' `init='uniform'` (Keras 1) / `RandomUniform(-0.05, 0.05)` (Keras 2) and `glorot_uniform`. */
const KERAS_EMBEDDING_INITIALIZER = {
  uniform: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
  glorot_uniform: { class_name: 'GlorotUniform', config: { seed: null } },
} as const;

/** The inverse of KERAS_EMBEDDING_INITIALIZER; other initializers fall back to the default (weights are imported anyway). */
function embeddingInitializerName(initializer: unknown): string | undefined {
  const className = typeof initializer === 'string' ? initializer : classNameOf(initializer);
  if (className === 'uniform' || className === 'RandomUniform') return 'uniform';
  if (className === 'glorot_uniform' || className === 'GlorotUniform') return 'glorot_uniform';
  return undefined;
}

export const EmbeddingParamsSchema = z.object({
  input_dim: z
    .number()
    .int()
    .min(1)
    .max(MAX_VOCABULARY)
    .default(1000)
    .meta({ title: 'Vocabulary size', description: 'Number of distinct tokens; inputs must be whole numbers from 0 to this size minus 1.' }),
  output_dim: z
    .number()
    .int()
    .min(1)
    .max(MAX_DIM)
    .default(64)
    .meta({ title: 'Embedding size', description: 'Length of the learned vector each token is turned into.' }),
  input_length: z
    .number()
    .int()
    .min(1)
    .max(MAX_DIM)
    .nullable()
    .default(null)
    .meta({ title: 'Input length', description: 'Number of tokens per sample, if fixed; empty takes it from the incoming shape.' }),
  embeddings_initializer: z
    .enum(EMBEDDING_INITIALIZERS)
    .default('uniform')
    .meta({
      title: 'Initializer',
      description: "Starting vectors: 'uniform' draws from U(−0.05, 0.05), Keras' default; 'glorot_uniform' scales by the vocabulary and embedding sizes (the tutorial's IMDB and word2vec models ask for it).",
    }),
});
export type EmbeddingParams = z.infer<typeof EmbeddingParamsSchema>;

/** (None, steps) of token ids → (None, steps, output_dim). */
export function embeddingOutputShape(input: Shape, params: EmbeddingParams): ShapeResult {
  if (input.length !== 2) {
    return fail(`Embedding expects token ids as (None, steps) but receives ${formatShape(input)}. Insert a Flatten or Reshape layer first.`);
  }
  const steps = input[1] ?? null;
  if (params.input_length !== null && steps !== null && params.input_length !== steps) {
    return fail(`Embedding's input length is ${params.input_length} but it receives ${formatShape(input)}. Set Input length to ${steps} or leave it empty.`);
  }
  return ok([input[0] ?? null, steps ?? params.input_length, params.output_dim]);
}

export const embeddingSpec: LayerSpec<EmbeddingParams> = {
  kind: 'Embedding',
  category: 'Embedding',
  description: 'Turns token ids (whole numbers) into learned vectors: (None, steps) becomes (None, steps, embedding size).',
  namePrefix: 'embedding',
  params: EmbeddingParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => embeddingOutputShape(inputs[0] ?? [], params),
  paramCount: (_inputs, params) => params.input_dim * params.output_dim,
  kerasWeights: () => ({ trainable: ['embeddings'] }),
  fromKeras: (config) => ({ ...config, embeddings_initializer: embeddingInitializerName(config.embeddings_initializer) }),
  toKeras: (params, name) => ({
    class_name: 'Embedding',
    config: {
      ...baseKerasConfig(name),
      input_dim: params.input_dim,
      output_dim: params.output_dim,
      // Written out so the JSON does not rely on tfjs' default.
      embeddings_initializer: KERAS_EMBEDDING_INITIALIZER[params.embeddings_initializer],
      embeddings_regularizer: null,
      activity_regularizer: null,
      embeddings_constraint: null,
      mask_zero: false,
      input_length: params.input_length,
    },
  }),
};
