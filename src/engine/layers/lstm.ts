import { gatedRecurrentSpec, GatedRecurrentParamsSchema, type GatedRecurrentParams } from './recurrent';

export const LSTMParamsSchema = GatedRecurrentParamsSchema;
export type LSTMParams = GatedRecurrentParams;

export const lstmSpec = gatedRecurrentSpec({
  kind: 'LSTM',
  namePrefix: 'lstm',
  description: 'Long short-term memory: reads a sequence step by step with input, forget and output gates and a cell state.',
  gates: 4,
  // Keras initialises the forget gate's bias to 1 so early training remembers; tfjs leaves it off by default.
  kerasExtras: { unit_forget_bias: true },
  cellScope: 'lstm_cell',
});
