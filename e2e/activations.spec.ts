import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { cifarJpegBatchesDir, hasCifarJpegs } from '../test/cifarData';
import { expect, node, openApp, openTab, openTemplate, serverHome, setTrainingSettings, shot, test } from './helpers';

/**
 * Layer images (issue #9): what each layer makes of the probe samples, drawn
 * as the tutorial draws it, live while training and from a saved run's weights.
 */

const TRAIN_TIMEOUT_MS = 3 * 60_000;

async function trainFewBatches(page: Page, settings: { limit: number; epochs: number; batchSize?: number }): Promise<void> {
  await openTab(page, 'Train');
  await setTrainingSettings(page, settings);
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-summary').or(page.getByTestId('training-error'))).toBeVisible({ timeout: TRAIN_TIMEOUT_MS });
  await expect(page.getByTestId('run-summary')).toContainText('completed');
}

async function openImages(page: Page): Promise<void> {
  await page.getByTestId('tab-Images').click();
  await expect(page.getByTestId('tab-Images')).toHaveAttribute('aria-selected', 'true');
}

/** Distinct grey levels (red channel) the canvas shows, and its size in real pixels. */
function canvasStats(page: Page) {
  return page.getByTestId('layer-canvas').evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) levels.add(data[i]!);
    return { width: canvas.width, height: canvas.height, levels: levels.size };
  });
}

test.describe('layer images', () => {
  test('the CNN trains a few batches and shows the first convolution’s feature maps, 10 samples × 10 filters', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'cnn-mnist');
    // 960 samples, 20% for validation: 3 batches of 256.
    await trainFewBatches(page, { limit: 960, epochs: 1 });
    await openImages(page);
    await node(page, 'conv2d_1').locator('.layer-node-title').click();
    const canvas = page.getByTestId('layer-canvas');
    await expect(canvas).toHaveAttribute('data-layer', 'conv2d_1');
    await expect(canvas).toHaveAttribute('data-kind', 'maps');
    // A column per probe sample, a row per filter (tutorial §2.5.2).
    await expect(canvas).toHaveAttribute('data-grid-cols', '10');
    await expect(canvas).toHaveAttribute('data-grid-rows', '10');
    const stats = await canvasStats(page);
    expect([stats.width, stats.height]).toEqual([10 * 26 + 9, 10 * 26 + 9]);
    // Real feature maps: many grey levels, not a blank or flat canvas.
    expect(stats.levels).toBeGreaterThan(50);
    await expect(page.getByTestId('images-source')).toContainText('10 probe samples');
    await shot(page, 'activations-01-cnn-conv2d_1');

    // After pooling: 12×12 maps; the Input: the probe digits themselves.
    await node(page, 'max_pooling2d_1').locator('.layer-node-title').click();
    await expect(canvas).toHaveAttribute('data-layer', 'max_pooling2d_1');
    expect((await canvasStats(page)).width).toBe(10 * 12 + 9);
    await node(page, 'input_1').locator('.layer-node-title').click();
    await expect(canvas).toHaveAttribute('data-grid-rows', '1');
    await shot(page, 'activations-02-cnn-input');
  });

  test('CIFAR-10: the probe images in colour, pixel for pixel, and the convolution’s maps', async ({ page }) => {
    test.skip(!hasCifarJpegs(), 'needs the shared CIFAR-10 JPEG archives');
    // Record 0 of the converted batch: a label byte, then 1,024 R, 1,024 G and 1,024 B bytes.
    const record = readFileSync(path.join(cifarJpegBatchesDir(), 'data_batch_1.bin')).subarray(0, 3073);
    await openApp(page);
    await openTemplate(page, 'cnn-cifar10');
    await trainFewBatches(page, { limit: 640, epochs: 1 });
    await openImages(page);
    await node(page, 'input_1').locator('.layer-node-title').click();
    const canvas = page.getByTestId('layer-canvas');
    await expect(canvas).toHaveAttribute('data-kind', 'colour');
    await expect(canvas).toHaveAttribute('data-grid-cols', '10');
    // The first probe image's top-left pixels are the batch file's (the 10 images span 0..255, so bytes map back exactly).
    const firstRow = await canvas.evaluate((element) => {
      const c = element as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, 4, 1).data);
    });
    const expected = [0, 1, 2, 3].flatMap((i) => [record[1 + i]!, record[1025 + i]!, record[2049 + i]!, 255]);
    expect(firstRow).toEqual(expected);
    await shot(page, 'activations-08-cifar-input');
    await node(page, 'conv2d_1').locator('.layer-node-title').click();
    await expect(canvas).toHaveAttribute('data-kind', 'maps');
    expect((await canvasStats(page)).width).toBe(10 * 30 + 9);
    await shot(page, 'activations-09-cifar-conv2d_1');
  });

  test('a language model shows the embeddings of the probe words as word × dimension heatmaps', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'lstm-lm-alice');
    await trainFewBatches(page, { limit: 300, epochs: 1 });
    await openImages(page);
    await node(page, 'embedding_1').locator('.layer-node-title').click();
    const canvas = page.getByTestId('layer-canvas');
    await expect(canvas).toHaveAttribute('data-kind', 'sequence');
    // One probe sample at a time, its words beside the rows: the tutorial's first windows are
    // mostly padding, so the wordiest sample (the 10th: "the millennium fulcrum edition 3") comes first.
    const view = page.getByTestId('sequence-view');
    await expect(view).toHaveAttribute('data-sample', '9');
    const rows = view.locator('.row-words li');
    await expect(rows).toHaveCount(14);
    expect((await rows.allInnerTexts()).filter((w) => w !== '·').length).toBeGreaterThan(2);
    expect((await canvasStats(page)).levels).toBeGreaterThan(20);
    expect((await canvasStats(page)).height).toBe(14);
    await page.getByTestId('probe-sample-2').click();
    await expect(view).toHaveAttribute('data-sample', '2');
    const words = page.getByTestId('probe-words');
    await words.locator('summary').click();
    await expect(words.locator('li')).toHaveCount(10);
    await page.getByTestId('probe-sample-9').click();
    await shot(page, 'activations-06-lm-embeddings');
    await node(page, 'lstm_1').locator('.layer-node-title').click();
    await expect(canvas).toHaveAttribute('data-layer', 'lstm_1');
    await shot(page, 'activations-07-lm-lstm');
  });

  test('the autoencoder shows its 12×12 codes and reconstructions beside the inputs, live and from the saved run', async ({ page }) => {
    const file = path.join(serverHome(), 'projects', 'e2e-autoencoder.layerlab');
    await openApp(page);
    await openTemplate(page, 'autoencoder-mnist');
    // 3 epochs of 12 batches: enough for the reconstructions to look like digits (the tutorial trains 19).
    await trainFewBatches(page, { limit: 3072, epochs: 3 });
    await openImages(page);
    await node(page, 'dense_2').locator('.layer-node-title').click();
    const canvas = page.getByTestId('layer-canvas');
    await expect(canvas).toHaveAttribute('data-kind', 'reconstruction');
    await expect(canvas).toHaveAttribute('data-grid-rows', '2');
    await expect(canvas).toHaveAttribute('data-grid-cols', '10');
    const stats = await canvasStats(page);
    expect([stats.width, stats.height]).toEqual([10 * 28 + 9, 2 * 28 + 1]);
    expect(stats.levels).toBeGreaterThan(50);
    await shot(page, 'activations-03-autoencoder-reconstructions');

    await node(page, 'dense_1').locator('.layer-node-title').click();
    await expect(canvas).toHaveAttribute('data-kind', 'vectors');
    expect((await canvasStats(page)).height).toBe(12);
    await shot(page, 'activations-04-autoencoder-codes');

    // Saved, reloaded and reopened: the same views, computed from the run's weights.
    await page.getByTestId('save-project-as').click();
    await page.getByTestId('save-path').fill(file);
    await page.getByTestId('save-confirm').click();
    await expect(page.getByTestId('file-path')).toHaveText(file);
    await page.reload();
    await openTemplate(page, 'empty');
    await page.getByTestId('open-project').click();
    await page.getByTestId('project-files').getByTestId('project-file').filter({ hasText: 'e2e-autoencoder' }).click();
    await openTab(page, 'Runs');
    await page.getByTestId('run-row').click();
    await openImages(page);
    await node(page, 'dense_2').locator('.layer-node-title').click();
    await expect(page.getByTestId('images-source')).toContainText('from the saved weights', { timeout: 60_000 });
    await expect(canvas).toHaveAttribute('data-kind', 'reconstruction');
    // The picture is drawn in an effect after the snapshot arrives: wait for it.
    await expect.poll(async () => (await canvasStats(page)).levels).toBeGreaterThan(50);
    await shot(page, 'activations-05-autoencoder-saved-run');
  });
});
