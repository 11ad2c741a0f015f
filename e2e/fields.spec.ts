import { artifactsDir, expect, node, openApp, openTab, openTemplate, selectNode, test } from './helpers';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * Number and shape fields as a newcomer types into them: key by key, with
 * commas and spaces, a minus sign, an emptied field. What is typed stays in
 * the field; what cannot be stored is not, and the field says why in words.
 */

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';
/** zod's own wording, which must never reach the user. */
const RAW_SCHEMA_TEXT = /Expected number|ZodError|invalid_type|too_small|Too small|Invalid input|expected int/i;

async function expectNoRawSchemaText(page: Page): Promise<void> {
  await expect(page.locator('body')).not.toContainText(RAW_SCHEMA_TEXT);
}

/** Clears a focused-by-click text field the way people do: select all, then type over it. */
async function typeOver(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.press(`${MOD}+a`);
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text, { delay: 30 });
}

test.describe('typing into fields', () => {
  test('a shape typed key by key keeps its commas and spaces and is stored on blur; bad text is named, Escape reverts', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await selectNode(page, 'input_1');
    const shape = page.getByTestId('param-shape');

    await typeOver(page, 'param-shape', '28, 28, 1');
    await expect(shape).toHaveValue('28, 28, 1');
    await page.keyboard.press('Tab');
    await expect(shape).toHaveValue('28, 28, 1');
    await expect(shape).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('inspector-shape')).toHaveText('(None, 28, 28, 1)');
    await expect(node(page, 'input_1').getByTestId('node-shape')).toHaveText('(None, 28, 28, 1)');

    // Half a shape: kept as typed, not stored, and the field says what it wants.
    await typeOver(page, 'param-shape', '28, 28,');
    await page.keyboard.press('Enter');
    await expect(shape).toHaveValue('28, 28,');
    await expect(shape).toHaveAttribute('aria-invalid', 'true');
    const error = page.getByTestId('param-shape-error');
    await expect(error).toContainText('Shape: enter 1 to 5 whole numbers');
    await expect(shape).toHaveAttribute('aria-describedby', (await error.getAttribute('id'))!);
    await expect(page.getByTestId('inspector-shape')).toHaveText('(None, 28, 28, 1)');
    await page.getByTestId('inspector').screenshot({ path: path.join(artifactsDir, 'fields-01-shape-invalid.png') });
    await expectNoRawSchemaText(page);

    // Escape puts back the stored value and clears the error.
    await page.keyboard.press('Escape');
    await expect(shape).toHaveValue('28, 28, 1');
    await expect(error).toHaveCount(0);
    await expect(shape).not.toHaveAttribute('aria-invalid', 'true');
  });

  test('Learning rate: -1 and an empty field are refused in words and hold Train back; 0.5 is taken', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    const rate = page.getByTestId('train-learning-rate');
    const error = page.getByTestId('train-learning-rate-error');
    const train = page.getByTestId('train-button');
    const blocked = page.getByTestId('train-blocked');
    await expect(train).toBeEnabled();

    await typeOver(page, 'train-learning-rate', '-1');
    await expect(rate).toHaveValue('-1');
    await page.keyboard.press('Tab');
    await expect(rate).toHaveValue('-1');
    await expect(rate).toHaveAttribute('aria-invalid', 'true');
    await expect(error).toContainText('Learning rate: enter a number greater than 0');
    await expect(train).toBeDisabled();
    await expect(blocked).toHaveText('Fix Learning rate first');
    await page.locator('.training-panel').screenshot({ path: path.join(artifactsDir, 'fields-02-learning-rate-invalid.png') });
    await expectNoRawSchemaText(page);

    // A disabled Train does nothing when clicked anyway.
    await train.click({ force: true });
    await expect(page.getByTestId('training-error')).toHaveCount(0);
    await expect(page.getByTestId('stop-button')).toHaveCount(0);

    await typeOver(page, 'train-learning-rate', '');
    await page.keyboard.press('Tab');
    await expect(rate).toHaveValue('');
    await expect(error).toContainText('Learning rate: enter a number greater than 0');
    await expect(train).toBeDisabled();
    await expect(blocked).toHaveText('Fix Learning rate first');
    await page.locator('.training-panel').screenshot({ path: path.join(artifactsDir, 'fields-03-learning-rate-empty.png') });
    await expectNoRawSchemaText(page);

    await typeOver(page, 'train-learning-rate', '0.5');
    await page.keyboard.press('Tab');
    await expect(rate).toHaveValue('0.5');
    await expect(rate).not.toHaveAttribute('aria-invalid', 'true');
    await expect(error).toHaveCount(0);
    await expect(blocked).toHaveCount(0);
    await expect(train).toBeEnabled();
    // Stored: another tab and back shows 0.5, not a leftover draft.
    await openTab(page, 'Layer');
    await openTab(page, 'Train');
    await expect(rate).toHaveValue('0.5');
    await expectNoRawSchemaText(page);
  });
});
