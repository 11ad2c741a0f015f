import type { DatasetSplit, ImageDatasetSpec } from '../../engine/datasets';
import type { DatasetPreview } from '../../shared/contract';
import { loadImageDataset } from './load';
import type { DatasetDirs } from './locate';

/**
 * The first `count` samples of a split, shaped for the `dataset.preview` API.
 * Never downloads: a preview is a glance, and a 30 MB fetch should be the
 * user's explicit choice.
 */
export async function previewSamples(
  spec: ImageDatasetSpec,
  split: DatasetSplit,
  dirs: DatasetDirs,
  count: number,
): Promise<DatasetPreview> {
  const data = await loadImageDataset(spec, split, dirs, { limit: count });
  return {
    id: spec.id,
    split,
    rows: data.rows,
    cols: data.cols,
    channels: data.channels,
    labels: Array.from(data.labels),
    classNames: [...spec.classNames],
    pixelsBase64: Buffer.from(data.images.buffer, data.images.byteOffset, data.images.byteLength).toString('base64'),
  };
}
