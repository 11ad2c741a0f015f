import path from 'node:path';
import type { Page } from '@playwright/test';
import { chartPoints, expect, openApp, openTab, openTemplate, selectNode, serverHome, setParam, setTrainingSettings, shot, test } from './helpers';

declare global {
  interface Window {
    __e2eRunControls?: { statuses: string[]; counts: string[]; tests: string[] };
    __e2eClickOnce?: { seen: string[]; clicked: string | null };
  }
}

/**
 * Records, from inside the page, every status line, progress count and
 * test-evaluation progress the live view shows: states that last a moment
 * (Pausing, a test-progress tick) are caught without racing the run.
 */
async function recordLiveView(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log = { statuses: [] as string[], counts: [] as string[], tests: [] as string[] };
    window.__e2eRunControls = log;
    const keep = (list: string[], selector: string) => {
      const text = document.querySelector(selector)?.textContent;
      if (text && list.at(-1) !== text) list.push(text);
    };
    new MutationObserver(() => {
      keep(log.statuses, '[data-testid="progress-status"]');
      keep(log.counts, '[data-testid="progress-counts"]');
      keep(log.tests, '[data-testid="test-progress"]');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const liveLog = (page: Page) => page.evaluate(() => window.__e2eRunControls!);

/**
 * Clicks `button` from inside the page the moment `watched` first shows text
 * matching `pattern`, and keeps every text `watched` showed. An evaluation of
 * a few seconds can end between two polls from the test, so waiting for a
 * state and then clicking would race it; the page reacts within one render.
 */
async function clickOnceShown(page: Page, watched: string, pattern: RegExp, button: string): Promise<void> {
  await page.evaluate(
    ({ watched, source, button }) => {
      const pattern = new RegExp(source);
      const seen: string[] = [];
      window.__e2eClickOnce = { seen, clicked: null };
      const observer = new MutationObserver(() => {
        const text = document.querySelector(`[data-testid="${watched}"]`)?.textContent ?? null;
        if (text && seen.at(-1) !== text) seen.push(text);
        if (text && pattern.test(text) && window.__e2eClickOnce!.clicked === null) {
          window.__e2eClickOnce!.clicked = text;
          (document.querySelector(`[data-testid="${button}"]`) as HTMLButtonElement | null)?.click();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    { watched, source: pattern.source, button },
  );
}

const clickLog = (page: Page) => page.evaluate(() => window.__e2eClickOnce!);

async function saveAs(page: Page, file: string): Promise<void> {
  await page.getByTestId('save-project-as').click();
  await page.getByTestId('save-path').fill(file);
  await page.getByTestId('save-confirm').click();
  await expect(page.getByTestId('file-path')).toHaveText(file);
}

async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await expect(page.getByTestId(testId)).toHaveValue(value);
}

test.describe('run controls', () => {
  test('a run pauses after a batch, resumes where it was, and a Stop while paused records the unfinished epoch', async ({ page }) => {
    test.setTimeout(180_000);
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    // All 60,000 samples for 30 epochs: a minute or more even natively, far longer than the test needs, so the run stays live.
    await setTrainingSettings(page, { epochs: 30 });
    await recordLiveView(page);
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('progress-counts')).toContainText('/30', { timeout: 60_000 });
    await expect(page.getByTestId('pause-button')).toBeEnabled();
    await expect(page.getByTestId('progress-counts')).toContainText('ETA');

    await page.getByTestId('pause-button').click();
    const status = page.getByTestId('progress-status');
    await expect(status).toContainText(/Paused after batch \d+ of \d+, epoch \d+ of 30/);
    const [, batch, batches, epoch] = /Paused after batch (\d+) of (\d+), epoch (\d+) of 30/.exec(await status.innerText())!.map(Number);
    // Paused: Resume instead of Pause, no ETA, and the counts stand where the pause landed.
    await expect(page.getByTestId('resume-button')).toBeEnabled();
    await expect(page.getByTestId('pause-button')).toHaveCount(0);
    await expect(page.getByTestId('progress-counts')).toHaveText(`Epoch ${epoch}/30 · Batch ${batch}/${batches} · paused`);
    // Everything up to the paused batch was flushed before the hold.
    const pausedPoints = await chartPoints(page, 'chart-batch-loss');
    expect(pausedPoints).toBeGreaterThan(0);
    await page.getByTestId('chart-batch-loss').scrollIntoViewIfNeeded();
    await shot(page, 'run-controls-01-paused');

    await page.getByTestId('resume-button').click();
    await expect(page.getByTestId('pause-button')).toBeVisible();
    await expect(page.getByTestId('progress-counts')).toContainText('ETA');
    // The curve goes on from where it paused.
    await expect.poll(() => chartPoints(page, 'chart-batch-loss'), { timeout: 30_000 }).toBeGreaterThan(pausedPoints + 5);
    await page.getByTestId('chart-batch-loss').scrollIntoViewIfNeeded();
    await shot(page, 'run-controls-02-resumed');

    // Pause again and Stop while held: the run ends in the middle of that epoch, and says so.
    await page.getByTestId('pause-button').click();
    await expect(status).toContainText('Paused after batch');
    const [, batch2, batches2, epoch2] = /Paused after batch (\d+) of (\d+), epoch (\d+) of 30/.exec(await status.innerText())!.map(Number);
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-summary')).toContainText('stopped', { timeout: 30_000 });
    const log = await liveLog(page);
    expect(log.statuses.some((s) => s.includes('Resumed at batch')), JSON.stringify(log.statuses)).toBe(true);
    expect(log.counts.filter((c) => c.endsWith('· paused')).length).toBeGreaterThanOrEqual(2);

    if (batch2! < batches2!) {
      await expect(page.getByTestId('run-end-detail')).toHaveText(`stopped in epoch ${epoch2} (batch ${batch2} of ${batches2})`);
      expect(await chartPoints(page, 'chart-epoch-loss')).toBe(epoch2! - 1);
    } else {
      // Held right after an epoch's last batch: that epoch is complete.
      await expect(page.getByTestId('run-end-detail')).toHaveCount(0);
    }
    await shot(page, 'run-controls-03-stopped-while-paused');
    await openTab(page, 'Runs');
    if (batch2! < batches2!) {
      await expect(page.getByTestId('run-row').locator('td[data-col="status"]')).toHaveText(`stopped in epoch ${epoch2} (batch ${batch2} of ${batches2})`);
    }
  });

  test('early stopping ends a run once the monitor stops improving, and restores the best weights', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    await setTrainingSettings(page, { limit: 1000, epochs: 20 });
    await page.getByTestId('train-early-stopping').check();
    // An improvement must be larger than 10: no epoch after the first is one, so patience 1 stops after epoch 2.
    await fill(page, 'train-patience', '1');
    await fill(page, 'train-min-delta', '10');
    await expect(page.getByTestId('train-restore-best')).toBeChecked();
    await expect(page.getByTestId('train-monitor')).toHaveValue('val_loss');

    // val_loss without validation is never measured: Train waits, and the Monitor field says why.
    await page.getByTestId('train-validation').selectOption('none');
    await expect(page.getByTestId('train-monitor-error')).toContainText('val_loss is never measured: validation is off');
    await expect(page.getByTestId('train-button')).toBeDisabled();
    await expect(page.getByTestId('train-blocked')).toHaveText('Fix Monitor first');
    await page.getByTestId('train-monitor-error').scrollIntoViewIfNeeded();
    await shot(page, 'run-controls-04-monitor-needs-validation');
    // A training figure needs no validation.
    await page.getByTestId('train-monitor').selectOption('loss');
    await expect(page.getByTestId('train-monitor-error')).toHaveCount(0);
    await expect(page.getByTestId('train-button')).toBeEnabled();
    await page.getByTestId('train-monitor').selectOption('val_loss');
    await page.getByTestId('train-validation').selectOption('split');
    await expect(page.getByTestId('train-button')).toBeEnabled();

    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-summary')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('run-summary')).toContainText('completed');
    await expect(page.getByTestId('run-end-detail')).toHaveText(/^early stop at epoch 2 \(best val_loss \d+(\.\d+)? at epoch 1, restored\)$/);
    expect(await chartPoints(page, 'chart-epoch-loss')).toBe(2);
    await expect(page.getByTestId('test-result')).toContainText('(1000 samples)');
    await shot(page, 'run-controls-05-early-stopped');

    await openTab(page, 'Runs');
    const row = page.getByTestId('run-row');
    await expect(row.locator('td[data-col="epochs"]')).toHaveText('2/20');
    await expect(row.locator('td[data-col="status"]')).toHaveText(/^early stop at epoch 2 \(best val_loss .* at epoch 1, restored\)$/);
    await expect(page.getByTestId('run-details-end')).toContainText('early stop at epoch 2');
    await shot(page, 'run-controls-06-early-stopped-runs');
  });

  test('checkpoints are listed, evaluated into the project, tried in the playground, and trained on from', async ({ page }) => {
    test.setTimeout(180_000);
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    await setTrainingSettings(page, { limit: 1000, epochs: 3 });
    await fill(page, 'train-checkpoint-every', '1');
    await page.getByTestId('train-checkpoint-best').check();
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-summary')).toContainText('completed', { timeout: 90_000 });
    const file = path.join(serverHome(), 'projects', 'run-controls-checkpoints.layerlab');
    await saveAs(page, file);

    await openTab(page, 'Runs');
    const details = page.getByTestId('run-details');
    await expect(details).toBeVisible();
    const checkpoints = details.getByTestId('checkpoint-row');
    // Every epoch, and the best by val_loss.
    await expect(checkpoints.filter({ hasText: 'every epoch' })).toHaveCount(3);
    await expect(checkpoints.filter({ hasText: /best by val_loss = \d/ })).toHaveCount(1);
    const first = details.locator('[data-testid="checkpoint-row"][data-epoch="1"]').filter({ hasText: 'every epoch' });
    await expect(first.getByTestId('checkpoint-test')).toContainText('—');
    await expect(first.getByTestId('checkpoint-test')).not.toContainText('acc');

    // Evaluate the weights of epoch 1: 500 test samples.
    await fill(page, 'run-eval-limit', '500');
    await first.getByTestId('checkpoint-evaluate').click();
    await expect(first.getByTestId('checkpoint-test')).toContainText(/acc 0\.\d{4} · loss \d+\.\d{4} \(500\)/, { timeout: 60_000 });
    // The result is part of the project: it is unsaved until saved.
    await expect(page.getByTestId('file-path')).toHaveText(`${file} •`);
    await expect(page.getByTestId('notice')).toContainText('@ epoch 1: test accuracy');
    await details.scrollIntoViewIfNeeded();
    await shot(page, 'run-controls-07-checkpoint-evaluated');

    // Those weights in the playground.
    await first.getByTestId('checkpoint-try').click();
    await expect(page.getByTestId('tab-Try it')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('playground-checkpoint')).toHaveValue(/--e1$/);
    await expect(page.getByTestId('playground')).not.toContainText('Opening', { timeout: 30_000 });
    await expect(page.getByTestId('playground').locator('.error-text')).toHaveCount(0);
    // The epoch-1 weights classify test digits.
    await page.getByTestId('confusion-run').click();
    await expect(page.getByTestId('confusion-accuracy')).toContainText(/^\d+ of 400 right/, { timeout: 30_000 });
    await shot(page, 'run-controls-08-checkpoint-playground');

    // Train on from epoch 1: the 2 epochs the run had left, from its weights and optimizer state.
    await openTab(page, 'Runs');
    await first.getByTestId('checkpoint-resume').click();
    await expect(page.getByTestId('tab-Train')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('run-summary')).toContainText('Run 1 resumed from epoch 1', { timeout: 90_000 });
    await expect(page.getByTestId('run-summary')).toContainText('completed');
    await expect(page.getByTestId('run-kernels')).toContainText(/resumed from .*--e1: its weights and optimizer state/);
    expect(await chartPoints(page, 'chart-epoch-loss')).toBe(2);
    await shot(page, 'run-controls-09-resumed-from-checkpoint');
  });

  test('the test evaluation after training shows its progress and Stop cancels it; an evaluation in the Runs tab is cancelled', async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    // The CNN widened to 64 and 256 filters: evaluating 10,000 test images takes seconds even natively, long enough to watch and cancel.
    await openTemplate(page, 'cnn-mnist');
    await selectNode(page, 'conv2d_1');
    await setParam(page, 'filters', '64');
    await selectNode(page, 'conv2d_2');
    await setParam(page, 'filters', '256');
    await openTab(page, 'Train');
    await setTrainingSettings(page, { limit: 500, epochs: 1 });
    await fill(page, 'train-test-limit', '10000');
    await expect(page.getByTestId('train-test-after')).toBeChecked();
    await recordLiveView(page);
    // Stop as soon as the evaluation shows, from inside the page: a fast machine evaluates the 10,000 images in a
    // second or two, and React may render several chunks' progress as one, so only the first state is safe to act on.
    await clickOnceShown(page, 'test-progress', /^Evaluating on the test set: 0 \/ 10,000 samples/, 'stop-button');
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-summary')).toBeVisible({ timeout: 120_000 });
    const stopped = await clickLog(page);
    expect(stopped.clicked, JSON.stringify(stopped.seen)).not.toBeNull();
    await expect(page.getByTestId('test-result')).toHaveCount(0);
    await expect(page.getByTestId('run-summary')).toContainText('No test evaluation yet.');
    await expect(page.getByTestId('training-error')).toHaveCount(0);
    const log = await liveLog(page);
    // Progress started at 0 samples and ended before the whole test set (the ETA text is unit-tested: runControls.test.ts).
    const done = log.tests.map((t) => Number(/: ([\d,]+) \//.exec(t)![1]!.replace(/,/g, '')));
    expect(done[0], JSON.stringify(log.tests)).toBe(0);
    expect(Math.max(...done), JSON.stringify(log.tests)).toBeLessThan(10000);

    // Evaluate in the Runs tab and cancel it: "Cancelled", no error, no result.
    await openTab(page, 'Runs');
    await expect(page.getByTestId('run-eval-limit')).toHaveValue('10000');
    await page.getByTestId('run-details').scrollIntoViewIfNeeded();
    await clickOnceShown(page, 'run-evaluation-state', /^Evaluating: 0 \/ 10,000 samples/, 'run-cancel-evaluation');
    await page.getByTestId('run-evaluate').click();
    const state = page.getByTestId('run-evaluation-state');
    await expect(state).toHaveText('Cancelled', { timeout: 90_000 });
    const evaluation = await clickLog(page);
    expect(evaluation.clicked, JSON.stringify(evaluation.seen)).not.toBeNull();
    expect(evaluation.seen.some((t) => /^Evaluating: 0 \/ 10,000 samples/.test(t)), JSON.stringify(evaluation.seen)).toBe(true);
    await expect(state).toHaveAttribute('data-state', 'cancelled');
    await expect(page.getByTestId('run-evaluate')).toBeEnabled();
    await expect(page.getByTestId('run-details-test')).toHaveText('Test: —');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await shot(page, 'run-controls-12-cancelled');
  });
});
