import type * as TF from '@tensorflow/tfjs';
import { loadTrainingArrays, type HostArray, type LoadDataOptions, type ModelShapes, type PlanBindings } from '../node/trainingData/arrays';
import type { DatasetDirs } from '../node/datasets';

// The numbers themselves are prepared without tfjs (src/node/trainingData), so the Python export writes the same ones.
export { batchesWithin, type LoadDataOptions, type ModelShapes, type PlanBindings } from '../node/trainingData/arrays';

/** Model inputs and targets, in the model's input and output order. */
export interface TensorData {
  xs: TF.Tensor[];
  ys: TF.Tensor[];
  count: number;
  /**
   * The tutorial's generator batches as flattened [start, end) sample ranges,
   * in training order (text corpora only), already cut to `count`.
   */
  tutorialBatches?: Int32Array;
  /** Text corpora: id → word for the fields that hold word ids (layer images label probe samples with them). */
  words?: Readonly<Record<string, readonly string[]>>;
}

/** Every tensor of `data` once: outputs that learn the same target share one. */
export function disposeData(tf: typeof TF, data: TensorData): void {
  tf.dispose([...new Set([...data.xs, ...data.ys])]);
}

/**
 * Tensors for host arrays: one upload per distinct `values` buffer, reshaped
 * per use (an autoencoder's input and target share the pixels' memory), and
 * the same tensor for the same array (outputs that learn one target).
 */
function toTensors(tf: typeof TF, xs: HostArray[], ys: HostArray[]): { xs: TF.Tensor[]; ys: TF.Tensor[] } {
  return tf.tidy(() => {
    const uploads = new Map<Float32Array, TF.Tensor>();
    const tensors = new Map<HostArray, TF.Tensor>();
    const tensorOf = (array: HostArray): TF.Tensor => {
      let tensor = tensors.get(array);
      if (tensor) return tensor;
      let flat = uploads.get(array.values);
      if (!flat) {
        flat = tf.tensor1d(array.values, 'float32');
        uploads.set(array.values, flat);
      }
      tensor = flat.reshape(array.shape);
      tensors.set(array, tensor);
      return tensor;
    };
    return { xs: xs.map(tensorOf), ys: ys.map(tensorOf) };
  });
}

/** A dataset split as tensors for the plan's inputs and outputs, downloading what is missing. */
export async function loadTrainingData(
  tf: typeof TF,
  datasetId: string,
  split: 'train' | 'test',
  bindings: PlanBindings,
  shapes: ModelShapes,
  dirs: DatasetDirs,
  options: LoadDataOptions = {},
): Promise<TensorData> {
  const { xs, ys, ...rest } = await loadTrainingArrays(datasetId, split, bindings, shapes, dirs, options);
  return { ...rest, ...toTensors(tf, xs, ys) };
}
