import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, MLP_NODES, node, openApp, openTab, openTemplate, parseAccuracy, serverHome, shot, test, trainAndWait } from './helpers';

test.describe('projects', () => {
  test('save as, reload, open: the graph and the trained run come back and can be evaluated', async ({ page }) => {
    const file = path.join(serverHome(), 'projects', 'e2e-mlp.layerlab');
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await trainAndWait(page, { limit: 1000, epochs: 1 });
    const trainedAccuracy = parseAccuracy(await page.getByTestId('test-result').innerText());

    await page.getByTestId('save-project-as').click();
    const saveDialog = page.getByRole('dialog', { name: 'Save project as' });
    await expect(saveDialog).toBeVisible();
    await page.getByTestId('save-path').fill(file);
    await shot(page, 'project-01-save-as');
    await page.getByTestId('save-confirm').click();
    await expect(saveDialog).toHaveCount(0);
    await expect(page.getByTestId('file-path')).toHaveText(file);
    await expect(page.getByTestId('notice')).toContainText(`Saved ${file}`);
    expect(readFileSync(file).byteLength).toBeGreaterThan(0);

    await page.reload();
    await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
    await openTemplate(page, 'empty');
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await expect(page.getByTestId('file-path')).toHaveText('not saved');

    await page.getByTestId('open-project').click();
    const openDialog = page.getByRole('dialog', { name: 'Open project' });
    await expect(openDialog).toBeVisible();
    const entry = page.getByTestId('project-files').getByTestId('project-file').filter({ hasText: 'e2e-mlp' });
    await expect(entry).toHaveCount(1);
    await shot(page, 'project-02-open-dialog');
    await entry.click();
    await expect(openDialog).toHaveCount(0);

    for (const name of MLP_NODES) await expect(node(page, name)).toBeVisible();
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    await expect(page.locator('.react-flow__edge')).toHaveCount(3);
    await expect(page.getByTestId('file-path')).toHaveText(file);

    await openTab(page, 'Runs');
    const rows = page.getByTestId('run-row');
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('completed');
    await expect(rows).toContainText(trainedAccuracy.toFixed(4));
    await shot(page, 'project-03-reopened-runs');

    await rows.getByTestId('evaluate-run').click();
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText('test accuracy', { timeout: 60_000 });
    // Same weights, same test set: the same accuracy as when it was trained.
    const evaluated = Number(/test accuracy ([0-9.]+)/.exec(await notice.innerText())?.[1]);
    expect(evaluated).toBeCloseTo(trainedAccuracy, 3);
    await shot(page, 'project-04-evaluated');
  });

  test('a damaged project file is reported by name and left untouched', async ({ page }) => {
    const dir = path.join(serverHome(), 'projects');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'broken.layerlab');
    const bytes = randomBytes(4096);
    writeFileSync(file, bytes);

    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await page.getByTestId('open-project').click();
    const openDialog = page.getByRole('dialog', { name: 'Open project' });
    await expect(openDialog).toBeVisible();
    await page.getByTestId('open-path').fill(file);
    await openDialog.getByRole('button', { name: 'Open', exact: true }).click();

    const notice = page.getByTestId('notice');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveClass(/error/);
    await expect(notice).toContainText(file);
    await shot(page, 'project-05-damaged-file');
    // The failed open changed nothing: the dialog stays, the current project stays.
    await expect(openDialog).toBeVisible();
    await expect(page.getByTestId('file-path')).toHaveText(/not saved/);
    await page.keyboard.press('Escape');
    await expect(page.locator('.react-flow__node')).toHaveCount(4);

    expect(readFileSync(file).equals(bytes), 'the damaged file was modified').toBe(true);
  });
});
