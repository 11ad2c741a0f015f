import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { layerNames, MLP_NODES, openApp, openTab, openTemplate, shot } from './helpers';

const fixtures = path.resolve(__dirname, '..', 'test', 'fixtures', 'keras');

/** Opens the Open dialog and fills the Keras import's paths (the weights file only when given); returns the dialog. */
async function fillKerasImport(page: Page, file: string, weightsFile?: string): Promise<Locator> {
  await page.getByTestId('open-project').click();
  const dialog = page.getByRole('dialog', { name: 'Open project' });
  await expect(dialog).toBeVisible();
  await page.getByTestId('import-keras-path').fill(file);
  if (weightsFile !== undefined) await page.getByTestId('import-keras-weights').fill(weightsFile);
  return dialog;
}

async function importKeras(page: Page, file: string, weightsFile?: string): Promise<void> {
  const dialog = await fillKerasImport(page, file, weightsFile);
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

  test("a JSON model with its save_weights file (the tutorial's pair) imports with those weights as a run", async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    const file = path.join(fixtures, 'tiny_mlp.json');
    const weightsFile = path.join(fixtures, 'tiny_mlp_weights.h5');
    const dialog = await fillKerasImport(page, file, weightsFile);
    // The weights field says what it is for.
    await expect(dialog.getByLabel('Weights file (.h5)')).toHaveAttribute('data-testid', 'import-keras-weights');
    await expect(dialog).toContainText('model.save_weights');
    await shot(page, 'keras-import-03-json-and-weights-dialog');
    await page.getByTestId('import-keras').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('notice')).toContainText(`Imported ${file} with the weights from tiny_mlp_weights.h5 as a run`);
    await expect(page.getByTestId('load-problems')).toHaveCount(0);
    expect(await layerNames(page)).toEqual(['features', 'hidden', 'probabilities']);
    await expect(page.getByTestId('project-name')).toHaveValue('tiny_mlp');
    await openTab(page, 'Runs');
    const row = page.getByTestId('run-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Imported from tiny_mlp.json + tiny_mlp_weights.h5');
    // The run holds weights: they can be evaluated and exported.
    await expect(page.getByTestId('run-evaluate')).toBeEnabled();
    // Trained in Keras: the project's default settings are not shown as how it trained.
    await expect(row).not.toContainText('adadelta');
    await expect(page.getByTestId('compare-charts')).toContainText('Weights imported from Keras come without training curves.');
    await shot(page, 'keras-import-04-json-and-weights-run');
  });

  test('a weights file that cannot be read is named in the dialog, which keeps both paths', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    const projectName = await page.getByTestId('project-name').inputValue();
    const file = path.join(fixtures, 'tiny_mlp.json');
    const dialog = await fillKerasImport(page, file, path.join(fixtures, 'keras1_sentiment.json'));
    await page.getByTestId('import-keras').click();
    const error = page.getByTestId('import-keras-error');
    await expect(error).toContainText('Keras import failed:');
    // Named by its own path, not the model file's.
    const badWeights = `weights file ${path.join(fixtures, 'keras1_sentiment.json')}: not an HDF5 file`;
    await expect(error).toContainText(badWeights);
    await expect(error).not.toContainText(`${file}:`);
    await expect(page.getByTestId('notice')).toContainText(badWeights);
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('import-keras-path')).toHaveValue(file);
    await expect(page.getByTestId('import-keras-weights')).toHaveValue(path.join(fixtures, 'keras1_sentiment.json'));
    await expect(page.getByTestId('import-keras')).toBeEnabled();
    await shot(page, 'keras-import-05-bad-weights-file');

    // A weights file that is not there is named by its path.
    const missing = path.join(fixtures, 'no_such_weights.h5');
    await page.getByTestId('import-keras-weights').fill(missing);
    await page.getByTestId('import-keras').click();
    await expect(error).toContainText(`${missing}: no such file`);
    await expect(page.getByTestId('import-keras-path')).toHaveValue(file);

    // The project that was open is untouched, and the right file then imports.
    await expect(page.getByTestId('project-name')).toHaveValue(projectName);
    expect(await layerNames(page)).toEqual([...MLP_NODES]);
    await page.getByTestId('import-keras-weights').fill(path.join(fixtures, 'tiny_mlp_weights.h5'));
    await page.getByTestId('import-keras').click();
    await expect(dialog).toBeHidden();
    expect(await layerNames(page)).toEqual(['features', 'hidden', 'probabilities']);
    await openTab(page, 'Runs');
    await expect(page.getByTestId('run-row')).toContainText('Imported from tiny_mlp.json + tiny_mlp_weights.h5');
  });
});
