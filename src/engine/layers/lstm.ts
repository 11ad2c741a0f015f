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

export const LSTMParamsSchema = z.object({
  units: unitsParam(),
  activation: tanhActivationParam(),
  recurrent_activation: recurrentActivationParam('hard_sigmoid'),
  return_sequences: returnSequencesParam(),
});
export type LSTMParams = z.infer<typeof LSTMParamsSchema>;

export const lstmSpec: LayerSpec<LSTMParams> = {
  kind: 'LSTM',
  category: 'Recurrent',
  description: 'Long short-term memory: reads a sequence step by step with input, forget and output gates and a cell state.',
  namePrefix: 'lstm',
  params: LSTMParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => recurrentOutputShape('LSTM', inputs[0] ?? [], params.units, params.return_sequences),
  paramCount: (inputs, params) => recurrentParamCount(inputs[0] ?? [], params.units, 4),
  toKeras: (params, name) => ({
    class_name: 'LSTM',
    config: {
      ...recurrentKerasConfig(name, params),
      recurrent_activation: params.recurrent_activation,
      unit_forget_bias: true,
      implementation: 1,
    },
  }),
};
