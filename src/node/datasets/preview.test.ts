import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mnistDir } from '../../../test/dataDirs';
import { MNIST } from '../../engine/datasets';
import { DatasetPreviewSchema } from '../../shared/contract';
import { loadImageDataset } from './load';
import { previewSamples } from './preview';

describe('previewSamples', () => {
  const dirs = { dataDirs: [mnistDir()], cacheDir: path.join(mnistDir(), 'no-cache-here') };

  it('returns the first images and labels in the contract shape', async () => {
    const preview = DatasetPreviewSchema.parse(await previewSamples(MNIST, 'test', dirs, 5));
    if (preview.kind !== 'image') throw new Error(`expected an image preview, got ${preview.kind}`);
    expect(preview).toMatchObject({ id: 'mnist', split: 'test', rows: 28, cols: 28, channels: 1 });
    expect(preview.labels).toEqual([7, 2, 1, 0, 4]);
    expect(preview.classNames).toEqual([...MNIST.classNames]);

    const pixels = Buffer.from(preview.pixelsBase64, 'base64');
    expect(pixels.length).toBe(5 * 784);
    const test = await loadImageDataset(MNIST, 'test', dirs);
    expect(pixels.equals(Buffer.from(test.images.subarray(0, 5 * 784)))).toBe(true);
    // The first test digit (a 7) has this many ink units; a wrong offset would not.
    expect(pixels.subarray(0, 784).reduce((a, b) => a + b, 0)).toBe(18454);
  });
});
