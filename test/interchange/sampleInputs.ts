import type * as TF from '@tensorflow/tfjs';
import type { KerasModelTopology } from '../../src/engine/compile';

/** Word ids below the vocabulary of the Embedding an input feeds; otherwise values in [0, 1) like scaled pixels. */
function inputSampler(topology: KerasModelTopology, input: string, random: () => number): () => number {
  const consumer = topology.config.layers.find((l) => l.inbound_nodes.some((node) => node.some(([source]) => source === input)));
  const vocabulary = consumer?.class_name === 'Embedding' ? Number(consumer.config.input_dim) : null;
  return vocabulary ? () => Math.floor(random() * vocabulary) : random;
}

/** `count` valid random samples for each model input, as float32 values with their shapes. */
export function sampleInputs(
  topology: KerasModelTopology,
  model: TF.LayersModel,
  count: number,
  random: () => number,
): { values: Float32Array; shape: number[] }[] {
  return model.inputs.map((input, i) => {
    const shape = [count, ...input.shape.slice(1).map((d) => d ?? 1)];
    const sample = inputSampler(topology, model.inputNames[i]!, random);
    return { values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, sample), shape };
  });
}
