import type { ImagePreview } from '../../../shared/contract';
import { api } from '../api/host';

export interface TestImages {
  preview: ImagePreview;
  pixels: Uint8Array;
  /** Values per image (rows × cols × channels). */
  size: number;
}

/** The first `count` test images, as the Data tab previews them (uint8, sample-major, HWC). */
export async function loadTestImages(dataset: string, count: number): Promise<TestImages> {
  const preview = await api.call('dataset.preview', { id: dataset, split: 'test', count });
  if (preview.kind !== 'image') throw new Error(`${dataset} is not an image dataset`);
  const pixels = Uint8Array.from(atob(preview.pixelsBase64), (c) => c.charCodeAt(0));
  return { preview, pixels, size: preview.rows * preview.cols * preview.channels };
}

/** Images `from…to` scaled to [0, 1] as the trainer feeds them (`X /= 255`), flattened. */
export function scaled(images: TestImages, from: number, to: number): number[] {
  return Array.from(images.pixels.subarray(from * images.size, to * images.size), (v) => v / 255);
}

/** An RGBA data URL of one image (grey or RGB), for <img>. */
export function imageUrl(values: ArrayLike<number>, rows: number, cols: number, channels: number, max = 255): string {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d')!;
  const data = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    for (let c = 0; c < 3; c++) {
      const v = values[i * channels + (channels === 3 ? c : 0)]!;
      data.data[i * 4 + c] = Math.round((255 * Math.min(max, Math.max(0, v))) / max);
    }
    data.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  return canvas.toDataURL();
}
