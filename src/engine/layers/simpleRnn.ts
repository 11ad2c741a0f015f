import { z } from 'zod';
import { recurrentFlops, recurrentKerasConfig, recurrentKernelCalls, recurrentOutputShape, recurrentParamCount, returnSequencesParam, SIMPLE_KERNELS_PER_STEP, tanhActivationParam, unitsParam } from './recurrent';
import type { LayerSpec } from './spec';

export const SimpleRNNParamsSchema = z.object({
  units: unitsParam(),
  activation: tanhActivationParam(),
  return_sequences: returnSequencesParam(),
});
export type SimpleRNNParams = z.infer<typeof SimpleRNNParamsSchema>;

export const simpleRnnSpec: LayerSpec<SimpleRNNParams> = {
  kind: 'SimpleRNN',
  category: 'Recurrent',
  description: 'Reads a sequence step by step, feeding its output back in: the simplest recurrent layer.',
  namePrefix: 'simple_rnn',
  params: SimpleRNNParamsSchema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, params) => recurrentOutputShape('SimpleRNN', inputs[0] ?? [], params.units, params.return_sequences),
  paramCount: (inputs, params) => recurrentParamCount(inputs[0] ?? [], params.units, 1),
  flops: (inputs, _output, params) => recurrentFlops(inputs[0] ?? [], params.units, 1),
  kernelCalls: (inputs) => recurrentKernelCalls(inputs[0] ?? [], SIMPLE_KERNELS_PER_STEP),
  kerasWeights: () => ({ trainable: ['kernel', 'recurrent_kernel', 'bias'] }),
  kerasWeightOwner: { legacy: 'simple_rnn_cell', attribute: 'cell' },
  toKeras: (params, name, inputs) => ({ class_name: 'SimpleRNN', config: recurrentKerasConfig(name, params, 1, inputs?.[0]) }),
};
