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
