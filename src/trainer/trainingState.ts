import type * as TF from '@tensorflow/tfjs';
import { OPTIMIZER_STATE_PREFIX, weightsByteLength, type StoredWeights, type WeightSpec } from '../engine/project/weights';
import { readModelWeights } from './weights';

/**
 * A checkpoint holds the model's weights followed by the optimizer's state, so
 * a run resumed from it continues as if it had not stopped. The optimizer's
 * tensors are named `optimizer/iterations` and `optimizer/<i>/<slot>`, where
 * `i` is the model weight's position: variable names differ from process to
 * process, positions do not.
 */
const ITERATIONS = `${OPTIMIZER_STATE_PREFIX}iterations`;

function variableName(weight: TF.LayerVariable): string {
  return (weight.read() as TF.Variable).name;
}

function concat(parts: { spec: WeightSpec; values: Float32Array }[]): StoredWeights {
  const specs = parts.map((p) => p.spec);
  const data = new Uint8Array(weightsByteLength(specs));
  let offset = 0;
  for (const { values } of parts) {
    data.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    offset += values.byteLength;
  }
  return { specs, data };
}

/** The model's weights and its optimizer's state (none before the first step), in one weights file. */
export async function readTrainingState(model: TF.LayersModel): Promise<StoredWeights> {
  const weights = readModelWeights(model);
  const named = await model.optimizer.getWeights();
  if (named.length === 0) return weights;
  const indexByName = new Map(model.weights.map((w, i) => [variableName(w), i]));
  const parts: { spec: WeightSpec; values: Float32Array }[] = [];
  try {
    named.forEach(({ name, tensor }, k) => {
      let specName: string;
      if (k === 0) specName = ITERATIONS;
      else {
        const cut = name.lastIndexOf('/');
        const index = indexByName.get(name.slice(0, cut));
        if (cut < 0 || index === undefined) throw new Error(`The optimizer's state '${name}' belongs to no weight of the model`);
        specName = `${OPTIMIZER_STATE_PREFIX}${index}/${name.slice(cut + 1)}`;
      }
      parts.push({ spec: { name: specName, shape: [...tensor.shape], dtype: 'float32' }, values: Float32Array.from(tensor.dataSync()) });
    });
  } finally {
    for (const { tensor } of named) tensor.dispose();
  }
  const modelParts = weights.specs.map((spec, i) => ({ spec, values: floatsOf(weights, i) }));
  return concat([...modelParts, ...parts]);
}

function floatsOf(stored: StoredWeights, index: number): Float32Array {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += stored.specs[i]!.shape.reduce((a, b) => a * b, 1);
  const size = stored.specs[index]!.shape.reduce((a, b) => a * b, 1);
  const aligned = new Float32Array(stored.data.slice(offset * 4, (offset + size) * 4).buffer);
  return aligned;
}

/**
 * Gives the model's optimizer the state saved with a checkpoint. Throws, naming
 * the tensor, when it does not fit (another optimizer, another model).
 */
export async function applyOptimizerState(tf: typeof TF, model: TF.LayersModel, state: StoredWeights): Promise<void> {
  const named: { name: string; tensor: TF.Tensor }[] = [];
  try {
    state.specs.forEach((spec, i) => {
      const tensor = tf.tensor(floatsOf(state, i), spec.shape, 'float32');
      if (spec.name === ITERATIONS) {
        named.unshift({ name: 'iterations', tensor });
        return;
      }
      const match = /^optimizer\/(\d+)\/(.+)$/.exec(spec.name);
      const weight = match ? model.weights[Number(match[1])] : undefined;
      if (!match || !weight) {
        tensor.dispose();
        throw new Error(`The checkpoint's optimizer state '${spec.name}' fits no weight of this model`);
      }
      named.push({ name: `${variableName(weight)}/${match[2]}`, tensor });
    });
    if (named[0]?.name !== 'iterations') throw new Error("The checkpoint's optimizer state has no iteration count");
    await model.optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
}
