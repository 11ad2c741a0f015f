import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { artifactsDir, expect, newProjectFromTemplate, openApp, openTab, openTemplate, serverHome, shot, test, trainAndWait } from './helpers';

const projectsDir = () => path.join(serverHome(), 'projects');

async function saveAs(page: Page, file: string): Promise<void> {
  await page.getByTestId('save-project-as').click();
  await page.getByTestId('save-path').fill(file);
  await page.getByTestId('save-confirm').click();
  await expect(page.getByTestId('file-path')).toHaveText(file);
}

async function addRunsFrom(page: Page, fileName: string): Promise<void> {
  await page.getByTestId('add-runs').click();
  const dialog = page.getByRole('dialog', { name: 'Add runs from a project file' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('runs-source-file').filter({ hasText: fileName }).click();
  await expect(dialog).toHaveCount(0);
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(artifactsDir, `runs-download-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { download, bytes: readFileSync(file) };
}

/** Width and height from a PNG's IHDR chunk; throws unless the bytes are a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const cellText = (page: Page, runName: RegExp, column: string) => page.getByTestId('run-row').filter({ hasText: runName }).locator(`td[data-col="${column}"]`);

test.describe('runs: comparison across templates', () => {
  test('runs of the MLP and the CNN gathered into one project, overlaid with the tutorial, diffed and exported', async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    const mlpFile = path.join(projectsDir(), 'runs-mlp.layerlab');
    const cnnFile = path.join(projectsDir(), 'runs-cnn.layerlab');

    // One project per template: a project holds one graph.
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await trainAndWait(page, { epochs: 2, limit: 2000 });
    await saveAs(page, mlpFile);
    await newProjectFromTemplate(page, 'cnn-mnist');
    await trainAndWait(page, { epochs: 2, limit: 1500 }, 180_000);
    await saveAs(page, cnnFile);

    await openTab(page, 'Runs');
    const rows = page.getByTestId('run-row');
    await expect(rows).toHaveCount(1);
    await addRunsFrom(page, 'runs-mlp');
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('import-result')).toContainText('Added 1 run from runs-mlp.layerlab');
    // The runs came in without saving: the project is dirty.
    await expect(page.getByTestId('file-path')).toHaveText(`${cnnFile} •`);
    // The same file again: its run is already here and is skipped, and said so.
    await addRunsFrom(page, 'runs-mlp');
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('import-result')).toContainText('Skipped 1 run already in this project');

    // The table: template titles, epochs done/planned, settings, a duration, the best validation accuracy.
    const mlpRow = /MLP with MNIST/;
    const cnnRow = /CNN with MNIST/;
    await expect(cellText(page, mlpRow, 'epochs')).toHaveText('2/2');
    await expect(cellText(page, mlpRow, 'batch')).toHaveText('256');
    await expect(cellText(page, mlpRow, 'optimizer')).toHaveText('adadelta');
    await expect(cellText(page, mlpRow, 'lr')).toHaveText('1');
    await expect(cellText(page, mlpRow, 'dataset')).toHaveText('mnist');
    await expect(cellText(page, mlpRow, 'status')).toHaveText('completed');
    await expect(cellText(page, cnnRow, 'duration')).toHaveText(/^\d+(\.\d)? s$|^\d+m \d\ds$/);
    await expect(cellText(page, cnnRow, 'best')).toHaveText(/^acc 0\.\d{4} \(e[12]\)$/);

    // Sorting by template: CNN before MLP, then reversed.
    await page.getByTestId('sort-template').click();
    await expect(rows.nth(0).locator('td[data-col="template"]')).toHaveText('CNN with MNIST');
    await page.getByTestId('sort-template').click();
    await expect(rows.nth(0).locator('td[data-col="template"]')).toHaveText('MLP with MNIST');

    // Overlay both runs: each chart has the two runs plus each template's dashed tutorial line.
    for (const row of await rows.all()) await row.getByTestId('compare-run').check();
    await expect(page.getByTestId('compare-caption')).toContainText('Comparing 2 runs');
    for (const metric of ['loss', 'val_loss', 'acc', 'val_acc']) {
      const chart = page.getByTestId(`compare-chart-${metric}`);
      await expect(chart).toHaveAttribute('data-lines', '4');
      await expect(chart).toHaveAttribute('data-tutorial-lines', '2');
      await expect(chart.locator('.recharts-line-curve')).toHaveCount(4);
      await expect(chart.locator('.recharts-line-curve[stroke-dasharray="6 4"]')).toHaveCount(2);
    }
    const legend = page.getByTestId('compare-chart-val_acc').locator('.recharts-legend-wrapper');
    await expect(legend).toContainText('Tutorial (Keras 1): MLP with MNIST');
    await expect(legend).toContainText('Tutorial (Keras 1): CNN with MNIST');
    await expect(legend).toContainText('· MLP with MNIST');
    await expect(legend).toContainText('· CNN with MNIST');
    // Without the reference only the runs remain.
    await page.getByTestId('show-tutorial').uncheck();
    await expect(page.getByTestId('compare-chart-loss')).toHaveAttribute('data-lines', '2');
    await page.getByTestId('show-tutorial').check();

    // Nothing clipped at 1280 px: the table scrolls inside itself, its actions stay in the panel and on screen.
    const panel = await page.locator('.side-panel').boundingBox();
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(1280);
    for (const button of await page.getByTestId('delete-run').all()) {
      const box = await button.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
      expect(box!.x).toBeGreaterThanOrEqual(panel!.x);
    }
    const overflow = await page.locator('.tab-body').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'the Runs tab scrolls sideways as a whole').toBe(0);
    // At 1280 px every column of the table fits without scrolling.
    const scroll = page.getByTestId('runs-scroll');
    const fit = await scroll.evaluate((el) => ({ table: el.scrollWidth, shown: el.clientWidth }));
    expect(fit.table, `table ${fit.table} px in ${fit.shown} px`).toBeLessThanOrEqual(fit.shown);
    await shot(page, 'runs-01-compare-1280');
    // Narrower, the table scrolls sideways inside itself while the names and the actions stay in view.
    await page.setViewportSize({ width: 1024, height: 800 });
    await expect.poll(() => scroll.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
    await scroll.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(() => scroll.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const box = (await scroll.boundingBox())!;
    for (const cell of [...(await rows.locator('td[data-col="name"]').all()), ...(await page.getByTestId('delete-run').all())]) {
      const cellBox = (await cell.boundingBox())!;
      expect(cellBox.x).toBeGreaterThanOrEqual(box.x);
      expect(cellBox.x + cellBox.width).toBeLessThanOrEqual(box.x + box.width);
    }
    await shot(page, 'runs-02-table-scrolled-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('compare-charts').screenshot({ path: path.join(artifactsDir, 'runs-03-charts.png') });

    // What changed, from the older run (MLP) to the newer (CNN).
    await page.getByTestId('what-changed').click();
    const diff = page.getByRole('dialog', { name: 'What changed' });
    await expect(diff.getByTestId('diff-runs')).toContainText(/From Run \d+ · MLP with MNIST to Run \d+ · CNN with MNIST/);
    await expect(diff.getByTestId('diff-layers-added')).toContainText('conv2d_1 (Conv2D)');
    await expect(diff.getByTestId('diff-layers-removed')).toContainText('dropout_1 (Dropout)');
    await expect(diff.getByTestId('diff-layer-changed').filter({ hasText: 'dense_1' })).toContainText('activation');
    const trainLimit = diff.getByTestId('diff-settings').locator('tr', { hasText: 'trainLimit' });
    await expect(trainLimit).toContainText('2000');
    await expect(trainLimit).toContainText('1500');
    await shot(page, 'runs-04-what-changed');
    await page.keyboard.press('Escape');
    await expect(diff).toHaveCount(0);

    // CSV of one run: epoch plus every metric, one line per epoch, matching the table's best val_acc.
    const csv = await downloaded(page, () => rows.filter({ hasText: mlpRow }).getByTestId('export-run-csv').click());
    expect(csv.download.suggestedFilename()).toMatch(/-curves\.csv$/);
    const [header, ...lines] = csv.bytes.toString('utf8').trim().split('\n');
    const columns = header!.split(',');
    expect(columns[0]).toBe('epoch');
    expect(columns).toEqual(['epoch', 'loss', 'val_loss', 'acc', 'val_acc']);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['1', '2']);
    const valAcc = lines.map((l) => Number(l.split(',')[columns.indexOf('val_acc')]));
    for (const value of lines.flatMap((l) => l.split(',').map(Number))) expect(Number.isFinite(value)).toBe(true);
    await expect(cellText(page, mlpRow, 'best')).toContainText(`acc ${Math.max(...valAcc).toFixed(4)}`);

    // PNG of the overlay charts: a real image, at twice the on-screen size.
    const charts = await page.getByTestId('compare-charts').boundingBox();
    const png = await downloaded(page, () => page.getByTestId('export-charts-png').click());
    expect(png.download.suggestedFilename()).toMatch(/-curves\.png$/);
    const size = pngSize(png.bytes);
    expect(size.width).toBeCloseTo(charts!.width * 2, -1);
    expect(size.height).toBeGreaterThan(200);
    expect(png.bytes.byteLength).toBeGreaterThan(10_000);

    // The imported run's weights came with it (project.open stores them under its id): it can be evaluated here.
    await rows.filter({ hasText: mlpRow }).getByTestId('evaluate-run').click();
    await expect(page.getByTestId('notice')).toContainText('test accuracy', { timeout: 60_000 });

    // Saved, the gathered runs are part of the project file.
    await page.getByTestId('save-project').click();
    await expect(page.getByTestId('file-path')).toHaveText(cnnFile);
    await newProjectFromTemplate(page, 'empty');
    await page.getByTestId('open-project').click();
    await page.getByTestId('project-files').getByTestId('project-file').filter({ hasText: 'runs-cnn' }).click();
    await openTab(page, 'Runs');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: mlpRow })).toHaveCount(1);
  });
});
