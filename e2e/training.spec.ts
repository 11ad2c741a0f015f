import path from 'node:path';
import type { Page } from '@playwright/test';
import { artifactsDir, chartPoints, expect, openApp, openTab, openTemplate, parseAccuracy, setTrainingSettings, shot, test } from './helpers';

declare global {
  interface Window {
    __e2eTrainingLog?: { counts: string[]; batchPoints: number[] };
  }
}

/**
 * Records, from inside the page, every progress text and batch-chart size the UI
 * shows while training: the run is short, so sampling from the test alone could
 * miss the in-between states.
 */
async function recordTrainingUi(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log = { counts: [] as string[], batchPoints: [] as number[] };
    window.__e2eTrainingLog = log;
    const sample = () => {
      // Only while a run is live: the progress view disappears when it ends.
      if (!document.querySelector('[data-testid="training-progress"]')) return;
      const counts = document.querySelector('[data-testid="progress-counts"]')?.textContent;
      if (counts && log.counts.at(-1) !== counts) log.counts.push(counts);
      const points = Number(document.querySelector('[data-testid="chart-batch-loss"]')?.getAttribute('data-points') ?? NaN);
      if (Number.isFinite(points) && log.batchPoints.at(-1) !== points) log.batchPoints.push(points);
    };
    new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

test.describe('training', () => {
  test('a short run shows live progress and charts, then a test accuracy above 0.5', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    await setTrainingSettings(page, { limit: 12000, epochs: 3 });
    await expect(page.getByTestId('backend-badge')).toBeVisible();
    await recordTrainingUi(page);

    // Natively this run takes about a second, so live states are checked from the in-page log
    // (recordTrainingUi), never by racing the run from here.
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-summary')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('training-progress')).toHaveCount(0);
    await expect(page.getByTestId('run-summary')).toContainText('completed');
    await expect(page.getByTestId('training-error')).toHaveCount(0);
    // The run says how its batches trained: the raw TensorFlow step natively, tfjs' own step (and why) elsewhere.
    const backend = (await page.getByTestId('backend-badge').innerText()).toLowerCase();
    await expect(page.getByTestId('run-kernels')).toContainText(backend.startsWith('native tensorflow') ? 'raw TensorFlow training step' : 'tfjs training step');

    const log = await page.evaluate(() => window.__e2eTrainingLog!);
    // The counts moved: several distinct "Epoch e/3 · Batch b/n" texts, through every epoch.
    expect(new Set(log.counts).size, `progress texts seen: ${JSON.stringify(log.counts)}`).toBeGreaterThanOrEqual(3);
    expect(log.counts.some((t) => t.startsWith('Epoch 3/3')), JSON.stringify(log.counts)).toBe(true);
    const batchNumbers = log.counts.map((t) => Number(/Batch (\d+)/.exec(t)?.[1]));
    expect(new Set(batchNumbers).size).toBeGreaterThan(1);
    expect(Math.max(...log.batchPoints), `batch points seen while live: ${JSON.stringify(log.batchPoints)}`).toBeGreaterThan(0);

    const testResult = page.getByTestId('test-result');
    await expect(testResult).toContainText('accuracy');
    const accuracy = parseAccuracy(await testResult.innerText());
    expect(accuracy).toBeGreaterThan(0.5);
    expect(accuracy).toBeLessThanOrEqual(1);
    // The sample limit applies to the test set too (all 10,000 test images are fewer than 12,000).
    await expect(testResult).toContainText('(10000 samples)');

    expect(await chartPoints(page, 'chart-epoch-loss')).toBe(3);
    expect(await chartPoints(page, 'chart-epoch-acc')).toBe(3);
    expect(await chartPoints(page, 'chart-batch-loss')).toBeGreaterThan(0);
    // recharts drew lines, not just the frames.
    await expect(page.getByTestId('chart-epoch-loss').locator('.recharts-line-curve').first()).toBeVisible();
    await expect(page.getByTestId('chart-batch-loss').locator('.recharts-line-curve')).toBeVisible();
    await shot(page, 'training-02-finished');
    await page.locator('.charts').scrollIntoViewIfNeeded();
    await page.locator('.charts').screenshot({ path: path.join(artifactsDir, 'training-03-charts.png') });
  });

  test('Stop ends a long run quickly and records it as stopped', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    // All 60,000 samples for 50 epochs: minutes even natively, so Stop always lands mid-run.
    await setTrainingSettings(page, { epochs: 50 });
    await page.getByTestId('train-button').click();

    await expect(page.getByTestId('progress-counts')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('progress-counts')).toContainText('/50');
    await shot(page, 'training-04-before-stop');
    const stoppedAt = Date.now();
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-summary')).toContainText('stopped', { timeout: 20_000 });
    const elapsed = Date.now() - stoppedAt;
    expect(elapsed).toBeLessThan(20_000);
    await expect(page.getByTestId('training-progress')).toHaveCount(0);
    await expect(page.getByTestId('train-button')).toBeEnabled();
    // Far fewer than 50 epochs were recorded.
    expect(await chartPoints(page, 'chart-epoch-loss')).toBeLessThan(50);
    await shot(page, 'training-05-stopped');
    test.info().annotations.push({ type: 'stop latency', description: `${elapsed} ms` });
  });
});
