import { gatedRecurrentSpec, GatedRecurrentParamsSchema, type GatedRecurrentParams } from './recurrent';

export const GRUParamsSchema = GatedRecurrentParamsSchema;
export type GRUParams = GatedRecurrentParams;

export const gruSpec = gatedRecurrentSpec({
  kind: 'GRU',
  namePrefix: 'gru',
  description: 'Gated recurrent unit: reads a sequence step by step with update and reset gates (Keras 1 style, reset_after off).',
  gates: 3,
  // Keras 1 GRUs have one bias per gate; Keras 2.3+ defaults to reset_after=True (two).
  kerasExtras: { reset_after: false },
  cellScope: 'gru_cell',
});
