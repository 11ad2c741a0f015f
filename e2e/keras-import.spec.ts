import path from 'node:path';
import { expect, test } from '@playwright/test';
import { layerNames, openApp, openTab, openTemplate, shot } from './helpers';

const fixtures = path.resolve(__dirname, '..', 'test', 'fixtures', 'keras');

async function importKeras(page: import('@playwright/test').Page, file: string): Promise<void> {
  await page.getByTestId('open-project').click();
  const dialog = page.getByRole('dialog', { name: 'Open project' });
  await expect(dialog).toBeVisible();
  await page.getByTestId('import-keras-path').fill(file);
  await page.getByTestId('import-keras').click();
  await expect(dialog).toBeHidden();
}

test.describe('Keras import', () => {
  test('a Keras 2 .h5 model becomes a laid-out graph and a run with its weights, unsaved', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    const file = path.join(fixtures, 'tiny_mlp.h5');
    await importKeras(page, file);
    await expect(page.getByTestId('notice')).toContainText(`Imported ${file} with its weights as a run`);
    expect(await layerNames(page)).toEqual(['features', 'hidden', 'probabilities']);
    // Every edge carries its Keras shape, as for a graph built by hand.
    await expect(page.locator('.react-flow__edge-text', { hasText: '(None, 8)' })).toHaveCount(1);
    // A new project from a file is unsaved work until saved.
    await expect(page.getByTestId('project-name')).toHaveValue('tiny_mlp');
    await expect(page.locator('.toolbar')).toContainText('•');
    await openTab(page, 'Runs');
    const row = page.getByTestId('run-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Imported from tiny_mlp.h5');
    await shot(page, 'keras-import-01-tiny-mlp-h5');
  });

  test("the tutorial's Keras 1 JSON is read through the named Keras 1 mapping", async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await importKeras(page, path.join(fixtures, 'keras1_sentiment.json'));
    // A Sequential's input is named as Keras names it: after its first layer.
    expect(await layerNames(page)).toEqual(['embedding_1_input', 'embedding_1', 'gru_1', 'dropout_1', 'dense_1']);
    await expect(page.locator('.react-flow__edge-text', { hasText: '(None, 140, 100)' })).toHaveCount(1);
    // The file names no dataset: the project trains on the first that fits it as it is, IMDB here.
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await openTab(page, 'Train');
    await expect(page.getByTestId('train-dataset')).toHaveValue('imdb');
    await page.getByTestId('node-gru_1').click();
    await openTab(page, 'Layer');
    // Keras 1's output_dim and inner_activation arrive as units and recurrent_activation.
    await expect(page.getByLabel('Units', { exact: true })).toHaveValue('128');
    await expect(page.getByTestId('inspector')).toContainText('hard_sigmoid');
    await shot(page, 'keras-import-02-keras1-json');
  });
});
