import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cifarJpegBatchesDir, hasCifarJpegs } from '../test/cifarData';
import { expect, openApp, openTab, openTemplate, shot, test } from './helpers';

/**
 * The server's data dirs (global-setup.ts) start with CIFAR-10 batches in the
 * official binary format, converted once from the shared JPEGs
 * (scripts/cifar-from-jpeg.mjs: classes interleaved, so the first ten images
 * are one of each class). The exact first-200 prefix of data_batch_1.bin is
 * checked against Keras' x_train[0] in src/node/datasets/cifar.test.ts.
 */
test.skip(!hasCifarJpegs(), 'needs the shared CIFAR-10 JPEG archives');

const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

test('Data tab previews the first 100 CIFAR-10 training images in colour, as the batch file holds them', async ({ page }) => {
  const converted = cifarJpegBatchesDir();
  // Record 0 of the batch: a label byte, then 1,024 R, 1,024 G and 1,024 B bytes.
  const record = readFileSync(path.join(converted, 'data_batch_1.bin')).subarray(0, 3073);
  const pixel = (i: number) => [record[1 + i]!, record[1025 + i]!, record[2049 + i]!, 255];

  await openApp(page);
  await openTemplate(page, 'cnn-cifar10');
  await openTab(page, 'Data');

  const files = page.getByTestId('dataset-files');
  await expect(files).toContainText(`${converted}/data_batch_1.bin`);
  await expect(files).toContainText(`${converted}/test_batch.bin`);
  await expect(page.getByTestId('download-dataset')).toHaveCount(0);

  const grid = page.getByTestId('sample-grid');
  await expect(grid).toBeVisible({ timeout: 30_000 });
  await expect(grid.getByTestId('sample')).toHaveCount(100);
  const labels = await grid.getByTestId('sample-label').allTextContents();
  expect(labels.slice(0, 10)).toEqual(CLASSES);
  expect(CLASSES[record[0]!]).toBe(labels[0]);

  const first = await grid
    .getByTestId('sample')
    .first()
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const distinct = new Set<number>();
      for (let i = 0; i < data.length; i += 4) distinct.add(data[i]! * 65536 + data[i + 1]! * 256 + data[i + 2]!);
      return { width: canvas.width, height: canvas.height, firstPixels: Array.from(data.subarray(0, 8)), distinct: distinct.size };
    });
  expect([first.width, first.height]).toEqual([32, 32]);
  // The file's own bytes, drawn as they are (not inverted like MNIST ink), channels interleaved from planes.
  expect(first.firstPixels).toEqual([...pixel(0), ...pixel(1)]);
  // A photo: hundreds of colours.
  expect(first.distinct).toBeGreaterThan(300);
  // In colour: across the first row (one image of each class), many pixels are far from grey.
  const coloured = await grid
    .getByTestId('sample')
    .locator('canvas')
    .evaluateAll((canvases) =>
      (canvases as HTMLCanvasElement[]).slice(0, 10).reduce((n, canvas) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (Math.max(Math.abs(data[i]! - data[i + 1]!), Math.abs(data[i + 1]! - data[i + 2]!)) > 20) n += 1;
        }
        return n;
      }, 0),
    );
  expect(coloured).toBeGreaterThan(1000);
  await shot(page, 'cifar10-data-tab');
});
