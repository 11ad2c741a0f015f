import type * as TF from '@tensorflow/tfjs';
import type { StoredWeights, WeightSpec } from '../engine/project/weights';
import { splitTrainingState, weightsByteLength } from '../engine/project/weights';

export function readModelWeights(model: TF.LayersModel): StoredWeights {
  const specs: WeightSpec[] = [];
  const chunks: Float32Array[] = [];
  for (const variable of model.weights) {
    const value = variable.read();
    specs.push({ name: variable.originalName, shape: [...value.shape], dtype: 'float32' });
    chunks.push(value.dataSync() as Float32Array);
  }
  const data = new Uint8Array(weightsByteLength(specs));
  let offset = 0;
  for (const chunk of chunks) {
    data.set(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset);
    offset += chunk.byteLength;
  }
  return { specs, data };
}

/**
 * Sets weights after checking every shape, so a mismatch names the weight.
 * Weights are matched by name when every model weight's name is in the file
 * (imported Keras files list layers in their own order), else by position
 * (files saved before names were kept, or models whose layers were renamed).
 */
export function applyModelWeights(tf: typeof TF, model: TF.LayersModel, saved: StoredWeights): void {
  // A checkpoint's optimizer state follows the model's weights; only trainingState.ts reads it.
  const stored = splitTrainingState(saved).model;
  const variables = model.weights;
  if (variables.length !== stored.specs.length) {
    throw new Error(`The saved weights have ${stored.specs.length} tensors but the model has ${variables.length}`);
  }
  // Copy into an aligned buffer: the stored bytes may sit at any offset in a zip.
  const floats = new Float32Array(stored.data.slice().buffer);
  const offsets: number[] = [];
  let offset = 0;
  for (const spec of stored.specs) {
    offsets.push(offset);
    offset += spec.shape.reduce((a, b) => a * b, 1);
  }
  const byName = new Map(stored.specs.map((spec, i) => [spec.name, i]));
  const byNames = byName.size === stored.specs.length && variables.every((v) => byName.has(v.originalName));
  const tensors = variables.map((variable, position) => {
    const i = byNames ? byName.get(variable.originalName)! : position;
    const spec = stored.specs[i]!;
    const expected = variable.shape;
    if (spec.shape.join('x') !== expected.join('x')) {
      throw new Error(`Saved weight ${spec.name} has shape [${spec.shape}] but the model expects [${expected}] for ${variable.originalName}`);
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    return tf.tensor(floats.subarray(offsets[i]!, offsets[i]! + size), spec.shape, 'float32');
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}
