import { z } from 'zod';
import {
  recurrentActivationParam,
  recurrentKerasConfig,
  recurrentOutputShape,
  recurrentParamCount,
  returnSequencesParam,
  tanhActivationParam,
  unitsParam,
} from './recurrent';
import type { LayerSpec } from './spec';

export const GRUParamsSchema = z.object({
  units: unitsParam(),
  activation: tanhActivationParam(),
  recurrent_activation: recurrentActivationParam('hard_sigmoid'),
  return_sequences: returnSequencesParam(),
});
export type GRUParams = z.infer<typeof GRUParamsSchema>;

export const gruSpec: LayerSpec<GRUParams> = {
  kind: 'GRU',
  category: 'Recurrent',
  description: 'Gated recurrent unit: reads a sequence step by step with update and reset gates (Keras 1 style, reset_after off).',
  namePrefix: 'gru',
  params: GRUParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => recurrentOutputShape('GRU', inputs[0] ?? [], params.units, params.return_sequences),
  paramCount: (inputs, params) => recurrentParamCount(inputs[0] ?? [], params.units, 3),
  toKeras: (params, name) => ({
    class_name: 'GRU',
    config: {
      ...recurrentKerasConfig(name, params),
      recurrent_activation: params.recurrent_activation,
      implementation: 1,
      // Keras 1 GRUs have one bias per gate; Keras 2.3+ defaults to reset_after=True (two).
      reset_after: false,
    },
  }),
};
