import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { findDataset } from '../src/engine/datasets';
import { summarizeModel } from '../src/engine/summary';
import { TEMPLATES, type ProjectTemplate } from '../src/engine/templates';
import { datasetStatus } from '../src/node/datasets/locate';
import { chartPoints, expect, newProjectFromTemplate, openApp, openTab, openTemplate, serverDataDirs, serverHome, setTrainingSettings, shot, test } from './helpers';

/**
 * Every template from the New dialog's gallery: the gallery itself, each
 * network opening laid out, in view and without errors, and each training
 * from the UI on a few samples until its charts have points.
 */

/** Small enough for seconds per template; the limit also cuts the tutorial's batches (trainer/data.ts batchesWithin). */
const SAMPLE_LIMIT = 300;
/** Enough batches for the batch-loss chart to draw a line, not a lone point. */
const MIN_BATCHES = 3;

/**
 * One epoch of shuffled batches (sampleLimit gives it enough); two passes of
 * the tutorial's batches, because some generators form a single batch per
 * pass (the encoder-decoder's 50 pairs are 120 samples, under its 256).
 */
function epochsFor(template: ProjectTemplate): number {
  return template.training.batching === 'tutorial' ? 2 : 1;
}

/** SAMPLE_LIMIT, or more where shuffled batches of the template's size would leave fewer than MIN_BATCHES. */
function sampleLimit(template: ProjectTemplate): number {
  const { batching, batchSize, validation, validationSplit } = template.training;
  if (batching === 'tutorial') return SAMPLE_LIMIT;
  const trainedShare = validation === 'split' ? 1 - validationSplit : 1;
  return Math.max(SAMPLE_LIMIT, Math.ceil((MIN_BATCHES * batchSize) / trainedShare));
}
/** Loading a text corpus, training and the test evaluation, on a shared 2-core machine. */
const TRAIN_TIMEOUT_MS = 5 * 60_000;

const GROUP_TITLES: Record<ProjectTemplate['group'], string> = { images: 'Images', text: 'Text' };

function card(page: Page, id: string): Locator {
  return page.getByTestId(`template-${id}`);
}

/** Whether the server can read the template's dataset without downloading it (this machine is offline). */
function datasetMissing(template: ProjectTemplate): string | null {
  const spec = findDataset(template.dataset);
  if (!spec) return `unknown dataset '${template.dataset}'`;
  const status = datasetStatus(spec, { dataDirs: serverDataDirs(), cacheDir: path.join(serverHome(), 'cache') });
  const missing = status.files.filter((f) => f.source === 'missing').map((f) => f.name);
  return status.ready ? null : `${spec.title}: ${missing.join(', ')} not in ${serverDataDirs().join(', ')}`;
}

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test.describe('template gallery', () => {
  test('lists every template by group with its dataset, parameters, tutorial result and time estimate', async ({ page }) => {
    await openApp(page);
    const gallery = page.getByTestId('template-gallery');
    await expect(gallery).toBeVisible();
    await expect(page.getByTestId('template-empty')).toBeFocused();

    for (const group of ['images', 'text'] as const) {
      const section = page.getByTestId(`template-group-${group}`);
      const ids = TEMPLATES.filter((t) => t.group === group).map((t) => t.id);
      await expect(section.locator('h3')).toHaveText(GROUP_TITLES[group]);
      await expect(section.locator('.template-card')).toHaveCount(ids.length);
      expect(await section.locator('.template-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')))).toEqual(
        ids.map((id) => `template-${id}`),
      );
    }

    // The estimate needs the backend's measured speed, which arrives with the probe.
    await expect(page.getByTestId('backend-badge')).toBeVisible({ timeout: 60_000 });
    for (const template of TEMPLATES) {
      const c = card(page, template.id);
      await expect(c).toContainText(template.title);
      await expect(c).toContainText(findDataset(template.dataset)!.title);
      await expect(c.getByTestId('template-params')).toHaveText(`${summarizeModel(template.graph).totalParams.toLocaleString('en-US')} params`);
      await expect(c.getByTestId('template-result')).toContainText(template.tutorial.result);
      const estimate = c.getByTestId('template-estimate');
      await expect(estimate).toHaveText(/^(≈ [\d.]+ (s|min|h)|< 1 s)\/epoch \(est\.\)$/);
      await expect(estimate).toHaveAttribute('title', /GFLOP\/s .*matmul/);
      // The thumbnail draws each layer and each connection.
      await expect(c.locator('svg rect')).toHaveCount(template.graph.nodes.length);
      await expect(c.locator('svg line')).toHaveCount(template.graph.edges.length);
    }
    await shot(page, 'templates-01-gallery');
    await page.getByTestId('template-group-text').scrollIntoViewIfNeeded();
    await shot(page, 'templates-02-gallery-text');

    // Keyboard: Tab moves from card to card, Enter opens the focused one.
    await page.getByTestId('template-empty').focus();
    await page.keyboard.press('Tab');
    await expect(card(page, TEMPLATES.filter((t) => t.group === 'images')[0]!.id)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('.layer-node')).toHaveCount(TEMPLATES.filter((t) => t.group === 'images')[0]!.graph.nodes.length);
  });

  for (const template of TEMPLATES) {
    test(`${template.id} opens laid out, in view and without errors`, async ({ page }) => {
      await openApp(page);
      // Another project first, so the view has to move to frame this one.
      await openTemplate(page, 'empty');
      await newProjectFromTemplate(page, template.id);

      const layers = page.locator('.layer-node');
      await expect(layers).toHaveCount(template.graph.nodes.length);
      await expect(page.getByTestId('node-error')).toHaveCount(0);
      await expect(page.locator('.layer-node.has-error')).toHaveCount(0);
      await expect(page.getByTestId('project-name')).toHaveValue(template.title);

      // Fitted: every layer lies inside the canvas (React Flow fits once the layers are measured).
      const canvas = (await page.getByTestId('canvas').boundingBox())!;
      await expect
        .poll(async () => {
          const boxes = (await layers.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Box))) as Box[];
          return boxes.every(
            (b) => b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height,
          );
        }, { message: 'every layer inside the canvas' })
        .toBe(true);
      // Laid out: no layer covers another.
      const boxes = (await layers.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Box))) as Box[];
      const covered = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlaps(a, b)).map(() => i));
      expect(covered, 'layers drawn on top of each other').toEqual([]);
      await shot(page, `templates-open-${template.id}`);
    });
  }

  for (const template of TEMPLATES) {
    test(`${template.id} trains from the UI on ${sampleLimit(template)} samples and charts its loss`, async ({ page }) => {
      const missing = datasetMissing(template);
      test.skip(missing !== null, `dataset not available offline: ${missing}`);
      test.setTimeout(TRAIN_TIMEOUT_MS + 60_000);
      await openApp(page);
      await openTemplate(page, template.id);
      await openTab(page, 'Train');
      await setTrainingSettings(page, { limit: sampleLimit(template), epochs: epochsFor(template) });
      await page.getByTestId('train-button').click();

      // Finished one way or the other: a run summary, or an error that stopped the start.
      await expect(page.getByTestId('run-summary').or(page.getByTestId('training-error'))).toBeVisible({ timeout: TRAIN_TIMEOUT_MS });
      await expect(page.getByTestId('training-error')).toHaveCount(0);
      await expect(page.getByTestId('run-summary')).toContainText('completed');
      expect(await chartPoints(page, 'chart-epoch-loss')).toBe(epochsFor(template));
      expect(await chartPoints(page, 'chart-batch-loss')).toBeGreaterThan(1);
      const batchChart = page.getByTestId('chart-batch-loss');
      await batchChart.scrollIntoViewIfNeeded();
      await expect(batchChart.locator('.recharts-line-curve')).toBeVisible();
      await shot(page, `templates-trained-${template.id}`);
    });
  }
});
