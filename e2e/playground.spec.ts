import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { findDataset } from '../src/engine/datasets';
import { ALICE_WORD2VEC_TEXT } from '../src/engine/textDatasets';
import { datasetStatus } from '../src/node/datasets/locate';
import { parseWord2vecText } from '../src/node/playground/wordVectors';
import { expect, openApp, openTab, openTemplate, serverDataDirs, serverHome, setTrainingSettings, shot, test } from './helpers';

/**
 * The "Try it" tab on freshly trained runs: each template is trained from
 * the UI on a few samples (as templates.spec.ts does), then used the way the
 * tutorial uses it.
 */
const TRAIN_TIMEOUT_MS = 5 * 60_000;

async function trainTemplate(page: Page, id: string, settings: { limit: number; epochs: number }): Promise<void> {
  await openApp(page);
  await openTemplate(page, id);
  await openTab(page, 'Train');
  await setTrainingSettings(page, settings);
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-summary').or(page.getByTestId('training-error'))).toBeVisible({ timeout: TRAIN_TIMEOUT_MS });
  await expect(page.getByTestId('training-error')).toHaveCount(0);
  await expect(page.getByTestId('run-summary')).toContainText('completed');
}

async function openPlayground(page: Page): Promise<void> {
  await page.getByTestId('tab-Try it').click();
  await expect(page.getByTestId('playground')).toBeVisible();
}

/** Mouse strokes through the given points, in canvas fractions (0…1). */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.getByTestId('digit-canvas').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

/** Whether the server can read a dataset without downloading it (this machine is offline). */
function datasetMissing(id: string): boolean {
  const spec = findDataset(id)!;
  return !datasetStatus(spec, { dataDirs: serverDataDirs(), cacheDir: path.join(serverHome(), 'cache') }).ready;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

function probabilitySum(page: Page): Promise<number> {
  return page.getByTestId('probabilities').getAttribute('data-sum').then(Number);
}

test.describe('Try it', () => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 120_000);

  test('a digit drawn with the mouse is classified by the trained MLP', async ({ page }) => {
    await trainTemplate(page, 'mlp-mnist', { limit: 6000, epochs: 2 });
    await openPlayground(page);
    // A "7" drawn small in the top-left corner: preprocessing must scale and centre it.
    await stroke(page, [
      [0.1, 0.1],
      [0.45, 0.1],
      [0.25, 0.55],
    ]);
    await expect(page.getByTestId('probability')).toHaveCount(10);
    expect(Math.abs((await probabilitySum(page)) - 1)).toBeLessThan(0.01);
    await expect(page.getByTestId('digit-preprocessed')).toBeVisible();
    await shot(page, 'playground-01-digit-7');

    // A "1": a new drawing gives new probabilities.
    await page.getByTestId('digit-clear').click();
    await expect(page.getByTestId('probabilities')).toHaveCount(0);
    await stroke(page, [
      [0.7, 0.15],
      [0.68, 0.85],
    ]);
    await expect(page.getByTestId('probability')).toHaveCount(10);
    expect(Math.abs((await probabilitySum(page)) - 1)).toBeLessThan(0.01);
    await shot(page, 'playground-02-digit-1');

    // The test set's first 400 images: a confusion matrix over 400 samples and the mistakes.
    await page.getByTestId('confusion-run').click();
    await expect(page.getByTestId('confusion')).toBeVisible({ timeout: 60_000 });
    const total = await page.getByTestId('confusion').locator('td').evaluateAll((cells) => cells.reduce((s, c) => s + Number(c.textContent || 0), 0));
    expect(total).toBe(400);
    await page.getByTestId('confusion').scrollIntoViewIfNeeded();
    await shot(page, 'playground-03-confusion');
  });

  test('the language model generates text from seed words', async ({ page }) => {
    await trainTemplate(page, 'lstm-lm-alice', { limit: 300, epochs: 3 });
    await openPlayground(page);
    await page.getByTestId('lm-seed').fill("alice's wonderlandish");
    await page.getByTestId('lm-generate').click();
    const first = page.getByTestId('lm-result').first();
    await expect(first).toBeVisible({ timeout: 60_000 });
    await expect(first.getByTestId('lm-unknown')).toContainText('wonderlandish');
    await page.getByTestId('decoding-argmax').check();
    await page.getByTestId('lm-generate').click();
    await expect(page.getByTestId('lm-result')).toHaveCount(2);
    const text = (await page.getByTestId('lm-result').first().textContent()) ?? '';
    expect(text).toMatch(/^most likely: alice's wonderlandish \S+/);
    await shot(page, 'playground-04-language-model');
  });

  test('the encoder-decoder translates typed Japanese', async ({ page }) => {
    await trainTemplate(page, 'encdec-jaen', { limit: 300, epochs: 30 });
    await openPlayground(page);
    await page.getByTestId('ja-input').fill('走れ。');
    await page.getByTestId('translate').click();
    await expect(page.getByTestId('translation')).toBeVisible({ timeout: 60_000 });
    // kuromoji splits the verb from the full stop, as the training corpus was segmented.
    await expect(page.getByTestId('ja-segmented')).toHaveText('走れ 。');
    // Real English words from the training vocabulary, not the placeholder for an immediate eos.
    await expect(page.getByTestId('en-output')).toHaveText(/^[a-z']+( [a-z']+)*$/);
    await shot(page, 'playground-05-translation');
  });

  for (const [id, title, n] of [['cbow-alice', 'CBOW', '06'], ['skipgram-alice', 'Skip-gram', '06b']] as const) {
    test(`${title} answers most_similar and exports word2vec vectors`, async ({ page }) => {
      await trainTemplate(page, id, { limit: 300, epochs: 1 });
      await openPlayground(page);
      await page.getByTestId('w2v-word').fill('alice');
      await page.getByTestId('w2v-similar').click();
      await expect(page.getByTestId('w2v-neighbour')).toHaveCount(10, { timeout: 60_000 });
      const similarities = await page.getByTestId('w2v-neighbour').evaluateAll((rows) => rows.map((r) => Number(r.children[1]!.textContent)));
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
      expect(await page.getByTestId('w2v-neighbour').allTextContents()).not.toContainEqual(expect.stringMatching(/^alice\d/));

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('w2v-export').click()]);
      const parsed = parseWord2vecText(await readFile((await download.path())!, 'utf8'));
      expect(parsed.count).toBe(ALICE_WORD2VEC_TEXT.vocabulary - 1);
      expect(parsed.vectors.size).toBe(parsed.count);
      expect(parsed.vectors.get('alice')?.length).toBe(parsed.dim);
      // The file holds the vectors most_similar ranked: the top neighbour's cosine computed from it agrees.
      const top = await page.getByTestId('w2v-neighbour').first().locator('td').first().textContent();
      expect(cosine(parsed.vectors.get('alice')!, parsed.vectors.get(top!)!)).toBeCloseTo(similarities[0]!, 3);

      await expect(page.getByTestId('w2v-map')).toHaveAttribute('data-points', String(parsed.count));
      await page.getByTestId('w2v-map-search').fill('rabbit');
      await shot(page, `playground-${n}-word-vectors-${id}`);
    });
  }

  test('the autoencoder shows test digits, their 12×12 codes and reconstructions', async ({ page }) => {
    await trainTemplate(page, 'autoencoder-mnist', { limit: 7000, epochs: 8 });
    await openPlayground(page);
    await expect(page.getByTestId('autoencoder')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('autoencoder').locator('th').nth(1)).toHaveText('Code (12×12)');
    await expect(page.getByTestId('restored')).toHaveCount(12);
    await shot(page, 'playground-07-autoencoder');
  });

  test('the CIFAR-10 CNN classifies a picked test image', async ({ page }) => {
    test.skip(datasetMissing('cifar10'), 'CIFAR-10 not available offline');
    await trainTemplate(page, 'cnn-cifar10', { limit: 300, epochs: 1 });
    await openPlayground(page);
    await expect(page.getByTestId('test-image')).toHaveCount(40, { timeout: 60_000 });
    await page.getByTestId('test-image').nth(3).click();
    await expect(page.getByTestId('probability')).toHaveCount(10, { timeout: 60_000 });
    expect(Math.abs((await probabilitySum(page)) - 1)).toBeLessThan(0.01);
    await shot(page, 'playground-08-cifar10');

    // An image file dropped on the panel: a 64×64 PNG, resized to 32×32 and classified.
    const before = await page.getByTestId('picked-label').textContent();
    const drop = await page.evaluateHandle(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#3b82f6';
      ctx.fillRect(0, 0, 64, 40);
      ctx.fillStyle = '#16a34a';
      ctx.fillRect(0, 40, 64, 24);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'meadow.png', { type: 'image/png' }));
      return transfer;
    });
    await page.getByTestId('image-drop').dispatchEvent('drop', { dataTransfer: drop });
    await expect(page.getByTestId('picked-label')).toHaveText('meadow.png');
    expect(before).not.toBe('meadow.png');
    expect(Math.abs((await probabilitySum(page)) - 1)).toBeLessThan(0.01);
    await shot(page, 'playground-08b-cifar10-dropped');
  });

  test('the IMDB GRU scores a typed review and shows unknown words', async ({ page }) => {
    test.skip(datasetMissing('imdb'), 'IMDB not available offline');
    await trainTemplate(page, 'gru-imdb', { limit: 600, epochs: 1 });
    await openPlayground(page);
    await page.getByTestId('review-input').fill('A wonderful film with a superb cast, though the plot was flibbertigibbet.');
    await page.getByTestId('review-score').click();
    await expect(page.getByTestId('sentiment')).toBeVisible({ timeout: 120_000 });
    const positive = Number((await page.getByTestId('sentiment-positive').textContent())!.replace('%', ''));
    expect(positive).toBeGreaterThanOrEqual(0);
    expect(positive).toBeLessThanOrEqual(100);
    await expect(page.getByTestId('sentiment')).toContainText('flibbertigibbet');
    await expect(page.locator('.unknown-word')).toContainText(['flibbertigibbet']);
    await shot(page, 'playground-09-imdb');
  });
});
