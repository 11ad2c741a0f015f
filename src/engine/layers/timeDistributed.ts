import { z } from 'zod';
import { formatShape, type Shape } from '../shape';
import { elementsOf, lastDim } from './cost';
import { DenseParamsSchema, denseFlops, denseLastAxisShape, denseSpec } from './dense';
import { baseKerasConfig } from './params';
import { fail, type LayerSpec, type ShapeResult } from './spec';

/** Wraps a Dense layer; the params are the Dense ones. */
export const TimeDistributedParamsSchema = DenseParamsSchema.pick({ units: true, activation: true });
export type TimeDistributedParams = z.infer<typeof TimeDistributedParamsSchema>;

/** (None, steps, …, features) → (None, steps, …, units): the same Dense applied at every step. */
export function timeDistributedOutputShape(input: Shape, units: number): ShapeResult {
  if (input.length < 3) {
    return fail(`TimeDistributed expects a sequence (None, steps, features) but receives ${formatShape(input)}.`);
  }
  const dense = denseLastAxisShape(input.slice(1), units);
  if (!dense.ok) return fail(`TimeDistributed needs a known last dimension but receives ${formatShape(input)}.`);
  return { ok: true, shape: [input[0] ?? null, ...dense.shape] };
}

export function timeDistributedParamCount(input: Shape, units: number): number {
  return ((input[input.length - 1] ?? 0) + 1) * units;
}

export const timeDistributedSpec: LayerSpec<TimeDistributedParams> = {
  kind: 'TimeDistributed',
  category: 'Core',
  description: 'Applies the same Dense layer to every step of a sequence: (None, steps, features) becomes (None, steps, units).',
  namePrefix: 'time_distributed',
  params: TimeDistributedParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => timeDistributedOutputShape(inputs[0] ?? [], params.units),
  paramCount: (inputs, params) => timeDistributedParamCount(inputs[0] ?? [], params.units),
  // The wrapped Dense (always with a bias) once per step, i.e. per output vector.
  flops: (inputs, output, params) => (elementsOf(output) / params.units) * denseFlops(lastDim(inputs[0]), params.units, true),
  kerasWeights: () => ({ trainable: ['kernel', 'bias'] }),
  // The wrapped Dense owns them; their HDF5 names carry no scope of its own.
  kerasWeightOwner: { legacy: null, attribute: 'layer' },
  // The params are the wrapped Dense layer's; the importer reports any other wrapped layer.
  fromKeras: (config) => {
    const inner = config.layer as { config?: Record<string, unknown> } | undefined;
    return { units: inner?.config?.units, activation: inner?.config?.activation };
  },
  toKeras: (params, name) => ({
    class_name: 'TimeDistributed',
    config: {
      ...baseKerasConfig(name),
      layer: denseSpec.toKeras({ ...params, use_bias: true }, `${name}_dense`),
    },
  }),
};
