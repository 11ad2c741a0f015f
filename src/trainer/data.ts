import type * as TF from '@tensorflow/tfjs';
import { findDataset } from '../engine/datasets';
import { loadImageDataset, type DatasetDirs } from '../node/datasets';

export interface TensorData {
  x: TF.Tensor;
  y: TF.Tensor;
  count: number;
}

/**
 * The seed's preprocessing: pixels scaled to [0, 1] and reshaped to the model's
 * input (784 for the MLP, 28×28×1 for a CNN); labels one-hot encoded.
 */
export async function loadSplitAsTensors(
  tf: typeof TF,
  datasetId: string,
  split: 'train' | 'test',
  inputShape: readonly (number | null)[],
  dirs: DatasetDirs,
  options: { limit?: number; onProgress?: (file: string, received: number, total: number | null) => void },
): Promise<TensorData> {
  const spec = findDataset(datasetId);
  if (!spec) throw new Error(`Unknown dataset '${datasetId}'`);
  const data = await loadImageDataset(spec, split, dirs, {
    download: true,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const featureShape = inputShape.slice(1).map((d) => d ?? -1);
  const sampleSize = data.rows * data.cols * data.channels;
  const wanted = featureShape.reduce((a, b) => a * b, 1);
  if (wanted !== sampleSize) {
    throw new Error(
      `The model's input takes ${wanted} values per sample but ${spec.title} images have ${sampleSize} (${data.rows}×${data.cols}×${data.channels})`,
    );
  }
  return tf.tidy(() => {
    const pixels = tf.tensor(data.images, [data.count, sampleSize], 'float32');
    const x = pixels.div(255).reshape([data.count, ...featureShape]);
    const y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), spec.classNames.length).toFloat();
    return { x, y, count: data.count };
  });
}
