import type { DatasetSpec, DatasetSplit, ImageDatasetSpec } from '../../engine/datasets';
import type { TextDatasetSpec } from '../../engine/textDatasets';
import type { DatasetPreview, ImagePreview, TextPreview } from '../../shared/contract';
import { textTaskSamples } from '../textData';
import { missingFileError } from './download';
import { loadImageDataset } from './load';
import { locateDatasetFile, type DatasetDirs } from './locate';

/**
 * The first `count` samples of a split, shaped for the `dataset.preview` API.
 * Never downloads: a preview is a glance, and a 30 MB fetch should be the
 * user's explicit choice.
 */
export async function previewSamples(spec: DatasetSpec, split: DatasetSplit, dirs: DatasetDirs, count: number): Promise<DatasetPreview> {
  return spec.kind === 'image' ? previewImages(spec, split, dirs, count) : previewText(spec, split, dirs, count);
}

async function previewText(spec: TextDatasetSpec, split: DatasetSplit, dirs: DatasetDirs, count: number): Promise<TextPreview> {
  const file = spec.files[0]!;
  const located = locateDatasetFile(spec, file, dirs);
  if (!located) throw missingFileError(spec, file, dirs);
  const samples = await textTaskSamples(spec, located.path, split);
  const shown = Math.min(count, samples.count);
  return {
    kind: 'text',
    id: spec.id,
    split,
    total: samples.count,
    samples: Array.from({ length: shown }, (_, i) => samples.describe(i)),
  };
}

async function previewImages(spec: ImageDatasetSpec, split: DatasetSplit, dirs: DatasetDirs, count: number): Promise<ImagePreview> {
  const data = await loadImageDataset(spec, split, dirs, { limit: count });
  return {
    kind: 'image',
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
