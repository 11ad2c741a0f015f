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

/** Sets weights by position after checking every shape, so a mismatch names the weight. */
export function applyModelWeights(tf: typeof TF, model: TF.LayersModel, saved: StoredWeights): void {
  // A checkpoint's optimizer state follows the model's weights; only trainingState.ts reads it.
  const stored = splitTrainingState(saved).model;
  const variables = model.weights;
  if (variables.length !== stored.specs.length) {
    throw new Error(`The saved weights have ${stored.specs.length} tensors but the model has ${variables.length}`);
  }
  // Copy into an aligned buffer: the stored bytes may sit at any offset in a zip.
  const floats = new Float32Array(stored.data.slice().buffer);
  let offset = 0;
  const tensors = stored.specs.map((spec, i) => {
    const expected = variables[i]!.shape;
    if (spec.shape.join('x') !== expected.join('x')) {
      throw new Error(`Saved weight ${spec.name} has shape [${spec.shape}] but the model expects [${expected}]`);
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(floats.subarray(offset, offset + size), spec.shape, 'float32');
    offset += size;
    return tensor;
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}
