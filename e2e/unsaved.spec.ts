import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, node, openApp, openTemplate, selectNode, serverHome, setParam, shot, test } from './helpers';

/** The autosave test hook (src/renderer/src/project/session.ts): every 300 ms instead of every 30 s. */
async function fastAutosave(page: Page): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('layerlab.autosaveIntervalMs', '300'));
}

/** An edit a user makes: dense_1's units from 128 to 64. */
async function editUnits(page: Page, units = '64'): Promise<void> {
  await selectNode(page, 'dense_1');
  await setParam(page, 'units', units);
  await expect(page.getByTestId('file-path')).toContainText('•');
}

async function unitsOfDense1(page: Page): Promise<string> {
  await selectNode(page, 'dense_1');
  return page.getByTestId('param-units').inputValue();
}

async function saveAs(page: Page, file: string): Promise<void> {
  await page.getByTestId('save-project-as').click();
  await page.getByTestId('save-path').fill(file);
  await page.getByTestId('save-confirm').click();
  await expect(page.getByTestId('file-path')).toHaveText(file);
}

function recoveryFile(slot: string): string {
  return path.join(serverHome(), 'recovery', `${slot}.json`);
}

test.describe('work is never lost', () => {
  test('New and Open ask before dropping unsaved edits: Cancel keeps them, Discard clears them', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    // An untouched template is not "unsaved work": New goes straight to the gallery.
    await page.getByTestId('new-project').click();
    await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await editUnits(page);
    await page.getByTestId('new-project').click();
    const prompt = page.getByRole('dialog', { name: 'Unsaved changes' });
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('not saved. Save them before starting a new project?');
    await expect(page.getByRole('dialog', { name: 'New project' })).toHaveCount(0);
    await shot(page, 'unsaved-01-new-prompt');

    await page.getByTestId('unsaved-cancel').click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    expect(await unitsOfDense1(page)).toBe('64');
    await expect(page.getByTestId('file-path')).toContainText('•');

    // Open asks the same question (the web host then shows its own Open dialog).
    await page.getByTestId('open-project').click();
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('before opening another project?');
    await page.getByTestId('unsaved-cancel').click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(await unitsOfDense1(page)).toBe('64');

    await page.getByTestId('new-project').click();
    await expect(prompt).toBeVisible();
    await page.getByTestId('unsaved-discard').click();
    await expect(prompt).toHaveCount(0);
    await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await expect(page.getByTestId('file-path')).toHaveText('not saved');
    await shot(page, 'unsaved-02-discarded-gallery');
  });

  test('Save in the prompt saves, then goes on', async ({ page }) => {
    const file = path.join(serverHome(), 'projects', 'e2e-unsaved-prompt-save.layerlab');
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await editUnits(page, '32');
    await page.getByTestId('new-project').click();
    await page.getByTestId('unsaved-save').click();
    // Never saved and no native dialog in a browser: the prompt asks where.
    await page.getByTestId('unsaved-save-path').fill(file);
    await page.getByTestId('unsaved-save-confirm').click();
    await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
    expect(existsSync(file)).toBe(true);
  });

  test('an autosave is offered back after a reload (as after a crash), and Restore brings the edit back', async ({ page }) => {
    const file = path.join(serverHome(), 'projects', 'e2e-unsaved-recovered.layerlab');
    await fastAutosave(page);
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await editUnits(page);

    const slot = await page.evaluate(() => window.localStorage.getItem('layerlab.clientId'));
    expect(slot).toMatch(/^[A-Za-z0-9_-]+$/);
    await expect
      .poll(() => (existsSync(recoveryFile(slot!)) ? readFileSync(recoveryFile(slot!), 'utf8') : ''), { message: 'the autosave writes the edit' })
      .toContain('"units":64');

    // The browser asks before a reload drops unsaved work (beforeunload); leaving anyway is the "crash".
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toContain('beforeunload');

    const offer = page.getByRole('dialog', { name: 'Recover unsaved changes' });
    await expect(offer).toBeVisible();
    await expect(page.getByTestId('recovery-question')).toHaveText(/^Recover unsaved changes from (\d{4}-\d\d-\d\d )?\d\d:\d\d\?$/);
    await expect(page.getByTestId('recovery-detail')).toContainText('4 layers');
    await expect(page.getByRole('dialog', { name: 'New project' })).toHaveCount(0);
    await shot(page, 'unsaved-03-recovery-offer');

    await page.getByTestId('recovery-restore').click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    expect(await unitsOfDense1(page)).toBe('64');
    // Restored work is unsaved until saved; saving removes the recovery file.
    await expect(page.getByTestId('file-path')).toContainText('•');
    await shot(page, 'unsaved-04-restored');
    await saveAs(page, file);
    await expect.poll(() => existsSync(recoveryFile(slot!)), { message: 'saving clears the recovery file' }).toBe(false);

    // Discard at the offer clears it too.
    await editUnits(page, '16');
    await expect.poll(() => existsSync(recoveryFile(slot!))).toBe(true);
    await page.reload();
    await expect(offer).toBeVisible();
    await page.getByTestId('recovery-discard').click();
    await expect(offer).toHaveCount(0);
    expect(existsSync(recoveryFile(slot!))).toBe(false);
    // After a discarded offer the start goes on as usual: the last saved project reopens behind the start screen.
    await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
    await expect(page.getByTestId('file-path')).toHaveText(file);
    await page.getByTestId('continue-project').click();
    expect(await unitsOfDense1(page)).toBe('64');
  });

  test('a saved project reopens after a reload and is listed in the recent projects; a missing one is greyed and can be removed', async ({ page }) => {
    const dir = path.join(serverHome(), 'projects');
    const kept = path.join(dir, 'e2e-unsaved-reopen.layerlab');
    const gone = path.join(dir, 'e2e-unsaved-gone.layerlab');
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await saveAs(page, gone);
    await editUnits(page, '48');
    await saveAs(page, kept);

    await page.reload();
    const start = page.getByRole('dialog', { name: 'New project' });
    await expect(start).toBeVisible();
    await expect(page.getByTestId('file-path')).toHaveText(kept);
    const recent = start.getByTestId('recent-projects');
    await expect(recent.getByTestId('recent-project').first()).toContainText('e2e-unsaved-reopen');
    await expect(recent.getByTestId('recent-project').filter({ hasText: 'e2e-unsaved-gone' })).toHaveAttribute('data-missing', 'false');
    await recent.scrollIntoViewIfNeeded();
    await shot(page, 'unsaved-05-reopened-start-screen');
    await page.getByTestId('continue-project').click();
    await expect(start).toHaveCount(0);
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    expect(await unitsOfDense1(page)).toBe('48');

    // A file deleted behind LayerLab's back: greyed, and clicking it says why instead of failing.
    rmSync(gone);
    expect(readdirSync(dir)).toContain('e2e-unsaved-reopen.layerlab');
    await page.getByTestId('open-project').click();
    const openDialog = page.getByRole('dialog', { name: 'Open project' });
    const goneEntry = openDialog.getByTestId('recent-project').filter({ hasText: 'e2e-unsaved-gone' });
    await expect(goneEntry).toHaveAttribute('data-missing', 'true');
    await expect(goneEntry).toContainText('file not found');
    await goneEntry.click();
    await expect(openDialog.getByTestId('recent-missing')).toContainText(`${gone} was not found`);
    await expect(openDialog).toBeVisible();
    await shot(page, 'unsaved-06-recent-missing');
    await openDialog.getByTestId('recent-missing-remove').click();
    await expect(goneEntry).toHaveCount(0);
    await expect(openDialog.getByTestId('recent-project').filter({ hasText: 'e2e-unsaved-reopen' })).toHaveCount(1);

    // Opening from the recent list.
    await page.keyboard.press('Escape');
    await page.getByTestId('new-project').click();
    await openTemplate(page, 'empty');
    await page.getByTestId('open-project').click();
    await openDialog.getByTestId('recent-project').filter({ hasText: 'e2e-unsaved-reopen' }).click();
    await expect(openDialog).toHaveCount(0);
    await expect(page.getByTestId('file-path')).toHaveText(kept);
    await expect(node(page, 'dense_1')).toBeVisible();
  });
});
