import { expect, node, openApp, openTab, openTemplate, selectNode, shot, test } from './helpers';

test('Data tab shows the first 100 MNIST training digits with their labels and real pixels', async ({ page }) => {
  await openApp(page);
  await openTemplate(page, 'mlp-mnist');
  await openTab(page, 'Data');

  const grid = page.getByTestId('sample-grid');
  await expect(grid).toBeVisible({ timeout: 30_000 });
  await expect(grid.getByTestId('sample')).toHaveCount(100);
  const labels = await grid.getByTestId('sample-label').allTextContents();
  expect(labels.slice(0, 10)).toEqual(['5', '0', '4', '1', '9', '2', '1', '3', '1', '4']);

  const pixels = await grid
    .getByTestId('sample')
    .first()
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d')!;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let nonWhite = 0;
      const distinct = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i]! < 250 || data[i + 1]! < 250 || data[i + 2]! < 250) nonWhite += 1;
        distinct.add(data[i]! * 65536 + data[i + 1]! * 256 + data[i + 2]!);
      }
      return { width: canvas.width, height: canvas.height, nonWhite, distinct: distinct.size };
    });
  expect(pixels.width).toBe(28);
  expect(pixels.height).toBe(28);
  // A digit: some ink (a "5" has ~150 of 784 pixels), mostly background, several gray levels.
  expect(pixels.nonWhite).toBeGreaterThan(50);
  expect(pixels.nonWhite).toBeLessThan(400);
  expect(pixels.distinct).toBeGreaterThan(2);
  await shot(page, 'data-01-mnist-grid');

  // The model's one output learns MNIST's labels with the loss that fits one-hot classes.
  await openTab(page, 'Train');
  await expect(page.getByTestId('output-dense_2').getByTestId('output-resolved')).toHaveText(
    'Learns label (one-hot) with categorical cross-entropy',
  );
  await page.getByTestId('output-dense_2').getByTestId('output-loss').selectOption('mean_squared_error');
  await expect(page.getByTestId('output-dense_2').getByTestId('output-resolved')).toHaveText('Learns label (one-hot) with mean squared error');
  await shot(page, 'data-03-output-settings');
});

test('text datasets: IMDB reviews preview as words, and the MLP\'s Input is told what shape to take', async ({ page }) => {
  await openApp(page);
  await openTemplate(page, 'mlp-mnist');
  await openTab(page, 'Train');
  await page.getByTestId('train-dataset').selectOption('imdb');

  // The MNIST-shaped Input cannot take word ids: the error is on that node, with the shape to set.
  const input = node(page, 'input_1');
  await expect(input).toHaveClass(/has-error/);
  await openTab(page, 'Data');
  const fields = page.getByTestId('dataset-fields');
  await expect(fields).toContainText('review');
  await expect(fields).toContainText('(None, 140)');
  await expect(fields).toContainText('sentiment');

  const samples = page.getByTestId('text-samples');
  await expect(samples).toBeVisible({ timeout: 120_000 });
  await expect(samples).toContainText('of 20,000 train samples');
  const labels = await samples.locator('.sample-label').allTextContents();
  expect(labels).toHaveLength(12);
  expect(new Set(labels)).toEqual(new Set(['positive', 'negative']));
  const words = (await samples.locator('.sample-input').first().textContent())!.split(' ');
  expect(words.length).toBeGreaterThan(20);
  await shot(page, 'data-02-imdb-text');

  await openTab(page, 'Layer');
  await selectNode(page, 'input_1');
  await expect(page.getByTestId('inspector')).toContainText('Set Shape to 140');
});
