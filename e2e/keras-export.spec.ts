import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, openTab, openTemplate, serverHome, setTrainingSettings, shot, test } from './helpers';

async function saveAs(page: Page, file: string): Promise<void> {
  await page.getByTestId('save-project-as').click();
  await page.getByTestId('save-path').fill(file);
  await page.getByTestId('save-confirm').click();
  await expect(page.getByTestId('file-path')).toHaveText(file);
}

/** Exports the selected run in `format` to the proposed path; returns that path once the notice names it. */
async function exportRun(page: Page, format: 'json' | 'weights-h5' | 'model-h5' | 'python'): Promise<string> {
  await page.getByTestId('keras-export-format').selectOption(format);
  const file = await page.getByTestId('keras-export-path').inputValue();
  await page.getByTestId('keras-export-button').click();
  await expect(page.getByTestId('notice')).toContainText(`to ${file}`);
  return file;
}

/** Trains the MLP on 500 samples (checkpoints every epoch and the best, when asked), saves it as `file` and opens the Runs tab. */
async function trainAndSave(page: Page, file: string, options: { epochs: number; checkpoints: boolean }): Promise<void> {
  await openApp(page);
  await openTemplate(page, 'mlp-mnist');
  await openTab(page, 'Train');
  await setTrainingSettings(page, { limit: 500, epochs: options.epochs });
  if (options.checkpoints) {
    await page.getByTestId('train-checkpoint-every').fill('1');
    await expect(page.getByTestId('train-checkpoint-every')).toHaveValue('1');
    await page.getByTestId('train-checkpoint-best').check();
  }
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('completed', { timeout: 90_000 });
  await saveAs(page, file);
  await openTab(page, 'Runs');
  await expect(page.getByTestId('keras-export')).toBeVisible();
}

type H5 = typeof import('h5wasm/node');

/** A dataset's values in an HDF5 file written by the export. */
function h5Values(h5: H5, file: string, dataset: string): number[] {
  const f = new h5.File(file, 'r');
  try {
    return Array.from((f.get(dataset) as InstanceType<H5['Dataset']>).value as Float32Array);
  } finally {
    f.close();
  }
}

test('a trained run exports to Keras files beside its project', async ({ page }) => {
  test.setTimeout(150_000);
  await openApp(page);
  await openTemplate(page, 'mlp-mnist');
  await openTab(page, 'Train');
  await setTrainingSettings(page, { limit: 500, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('completed', { timeout: 90_000 });
  const projectDir = path.join(serverHome(), 'projects', 'keras-export');
  await saveAs(page, path.join(projectDir, 'mlp.layerlab'));
  await openTab(page, 'Runs');

  const modelFile = await exportRun(page, 'model-h5');
  expect(path.dirname(modelFile)).toBe(projectDir);
  expect(modelFile).toMatch(/\.h5$/);
  await shot(page, 'keras-export-01-model-h5');
  const jsonFile = await exportRun(page, 'json');
  const weightsFile = await exportRun(page, 'weights-h5');
  expect(weightsFile).toMatch(/-weights\.h5$/);

  // The runnable Keras script, with the run's data beside it as .npz.
  const scriptFile = await exportRun(page, 'python');
  expect(scriptFile).toMatch(/\.py$/);
  const script = readFileSync(scriptFile, 'utf8');
  expect(script).toContain('model_from_json');
  expect(script).toContain('--strategy');
  expect(existsSync(scriptFile.replace(/\.py$/, '.npz'))).toBe(true);

  for (const file of [modelFile, jsonFile, weightsFile]) expect(existsSync(file), file).toBe(true);
  const topology = JSON.parse(readFileSync(jsonFile, 'utf8')) as { class_name: string; keras_version: string };
  expect(topology).toMatchObject({ class_name: 'Functional', keras_version: '2.15.0' });

  // The HDF5 files parse, with the MLP's two Dense layers' weights where Keras looks for them.
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const model = new h5.File(modelFile, 'r');
  try {
    expect(JSON.parse(String(model.attrs.model_config!.value))).toMatchObject({ class_name: 'Functional' });
    const layerNames = (model.get('model_weights') as InstanceType<typeof h5.Group>).attrs.layer_names!.value as string[];
    expect(layerNames).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2']);
    expect((model.get('model_weights/dense_1/dense_1/kernel:0') as InstanceType<typeof h5.Dataset>).shape).toEqual([784, 128]);
  } finally {
    model.close();
  }
  const weights = new h5.File(weightsFile, 'r');
  try {
    expect((weights.get('dense_2/dense_2/bias:0') as InstanceType<typeof h5.Dataset>).shape).toEqual([10]);
  } finally {
    weights.close();
  }
});

test("a checkpoint's weights export to Keras, the file named after the checkpoint", async ({ page }) => {
  test.setTimeout(150_000);
  const projectDir = path.join(serverHome(), 'projects', 'keras-export-checkpoints');
  await trainAndSave(page, path.join(projectDir, 'mlp.layerlab'), { epochs: 2, checkpoints: true });
  const weights = page.getByTestId('keras-export-weights');
  const pathField = page.getByTestId('keras-export-path');
  // The final weights by default, then each checkpoint: every epoch, and the best by val_loss.
  await expect(weights).toBeEnabled();
  await expect(weights.locator('option:checked')).toHaveText('Final weights');
  await expect(weights.locator('option')).toHaveCount(4);
  await expect(weights.locator('option', { hasText: /^Epoch \d \(best by val_loss = [\d.]+\)$/ })).toHaveCount(1);

  await page.getByTestId('keras-export-format').selectOption('weights-h5');
  await weights.selectOption({ label: 'Epoch 1 (every epoch)' });
  await expect(pathField).toHaveValue(path.join(projectDir, 'Run-1-e1-weights.h5'));
  // The topology and the script use no weights: the choice is set aside, and comes back with a weights format.
  await page.getByTestId('keras-export-format').selectOption('json');
  await expect(weights).toBeDisabled();
  await expect(weights.locator('option:checked')).toHaveText('No weights');
  await expect(pathField).toHaveValue(path.join(projectDir, 'Run-1.keras.json'));
  await page.getByTestId('keras-export-format').selectOption('python');
  await expect(weights).toBeDisabled();
  await expect(pathField).toHaveValue(path.join(projectDir, 'Run-1.py'));
  await page.getByTestId('keras-export-format').selectOption('weights-h5');
  await expect(weights.locator('option:checked')).toHaveText('Epoch 1 (every epoch)');

  const epoch1File = path.join(projectDir, 'Run-1-e1-weights.h5');
  await page.getByTestId('keras-export-button').click();
  await expect(page.getByTestId('notice')).toContainText(`Exported weights (save_weights .h5) of the epoch 1 checkpoint (every epoch) to ${epoch1File} (`);
  await page.getByTestId('keras-export').scrollIntoViewIfNeeded();
  await shot(page, 'keras-export-02-checkpoint-weights');

  // The final weights (after epoch 2) go to their own file, and differ from epoch 1's.
  await weights.selectOption({ label: 'Final weights' });
  const finalFile = path.join(projectDir, 'Run-1-weights.h5');
  await expect(pathField).toHaveValue(finalFile);
  await page.getByTestId('keras-export-button').click();
  await expect(page.getByTestId('notice')).toContainText(`Exported weights (save_weights .h5) to ${finalFile} (`);
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const epoch1Kernel = h5Values(h5, epoch1File, 'dense_2/dense_2/kernel:0');
  const finalKernel = h5Values(h5, finalFile, 'dense_2/dense_2/kernel:0');
  expect(epoch1Kernel).toHaveLength(128 * 10);
  expect(finalKernel).toHaveLength(128 * 10);
  expect(epoch1Kernel).not.toEqual(finalKernel);

  // The best checkpoint as a full model, to a path typed by hand: a later weights choice leaves that path alone.
  await page.getByTestId('keras-export-format').selectOption('model-h5');
  await weights.selectOption({ label: (await weights.locator('option', { hasText: 'best by' }).textContent())! });
  await expect(pathField).toHaveValue(path.join(projectDir, 'Run-1-best.h5'));
  const typedFile = path.join(projectDir, 'chosen-by-hand.h5');
  await pathField.fill(typedFile);
  await weights.selectOption({ label: 'Epoch 2 (every epoch)' });
  await expect(pathField).toHaveValue(typedFile);
  await page.getByTestId('keras-export-button').click();
  await expect(page.getByTestId('notice')).toContainText(`Exported full model (.h5) of the epoch 2 checkpoint (every epoch) to ${typedFile} (`);
  expect(existsSync(path.join(projectDir, 'Run-1-best.h5'))).toBe(false);
  const model = new h5.File(typedFile, 'r');
  try {
    expect(JSON.parse(String(model.attrs.model_config!.value))).toMatchObject({ class_name: 'Functional' });
  } finally {
    model.close();
  }
  // Epoch 2 is the last epoch: its checkpoint holds the final weights.
  expect(h5Values(h5, typedFile, 'model_weights/dense_2/dense_2/kernel:0')).toEqual(finalKernel);
});

test('an export to a path that cannot be written says so, naming the path, and the panel stays usable', async ({ page }) => {
  test.setTimeout(150_000);
  const projectDir = path.join(serverHome(), 'projects', 'keras-export-errors');
  await trainAndSave(page, path.join(projectDir, 'mlp.layerlab'), { epochs: 1, checkpoints: false });
  const notice = page.getByTestId('notice');
  const button = page.getByTestId('keras-export-button');

  // Into a folder that does not exist.
  const inMissingFolder = path.join(projectDir, 'no-such-folder', 'model.h5');
  await page.getByTestId('keras-export-path').fill(inMissingFolder);
  await button.click();
  await expect(notice).toContainText('Export to Keras failed:');
  await expect(notice).toContainText(inMissingFolder);
  // In words, naming the folder, not a temporary file's ENOENT.
  await expect(notice).toContainText(`the folder ${path.dirname(inMissingFolder)} does not exist`);
  await expect(notice).not.toContainText('ENOENT');
  await expect(button).toHaveText('Export to Keras');
  await expect(button).toBeEnabled();
  expect(existsSync(inMissingFolder)).toBe(false);
  await shot(page, 'keras-export-03-missing-folder');

  // Onto an existing folder: the error notice stays until clicked, so clear it first to see the new one.
  await notice.click();
  await expect(notice).toBeHidden();
  await page.getByTestId('keras-export-path').fill(projectDir);
  await button.click();
  await expect(notice).toContainText('Export to Keras failed:');
  await expect(notice).toContainText(`${projectDir} is a folder: give a file name`);
  await expect(button).toBeEnabled();

  // The path as typed is kept; corrected, the export goes through.
  await expect(page.getByTestId('keras-export-path')).toHaveValue(projectDir);
  const fixed = path.join(projectDir, 'model.h5');
  await page.getByTestId('keras-export-path').fill(fixed);
  await button.click();
  await expect(notice).toContainText(`Exported full model (.h5) to ${fixed} (`);
  expect(existsSync(fixed)).toBe(true);
  await openTab(page, 'Train');
  await openTab(page, 'Runs');
  await expect(page.getByTestId('run-row')).toHaveCount(1);
});
