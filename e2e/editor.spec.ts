import {
  connectNodes,
  edgeLabels,
  expect,
  MLP_NODES,
  newProjectFromTemplate,
  node,
  openApp,
  openTab,
  openTemplate,
  selectNode,
  setParam,
  shot,
  test,
  waitPastUndoBurst,
} from './helpers';

test.describe('graph editor', () => {
  test('MLP template shows its layers and the shapes on every connection', async ({ page }) => {
    await openApp(page);
    await shot(page, 'editor-01-template-dialog');
    await openTemplate(page, 'mlp-mnist');

    for (const name of MLP_NODES) await expect(node(page, name)).toBeVisible();
    // A chain of four layers has three connections; each carries its source's shape.
    await expect.poll(() => edgeLabels(page)).toEqual(['(None, 784)', '(None, 128)', '(None, 128)']);
    await expect(node(page, 'input_1').getByTestId('node-shape')).toHaveText('(None, 784)');
    await expect(node(page, 'dense_1').getByTestId('node-shape')).toHaveText('(None, 128)');
    await expect(node(page, 'dropout_1').getByTestId('node-shape')).toHaveText('(None, 128)');
    await expect(node(page, 'dense_2').getByTestId('node-shape')).toHaveText('(None, 10)');
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await shot(page, 'editor-02-mlp-template');
  });

  test('editing units updates shapes; undo and redo restore them', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await expect(page.getByTestId('undo')).toBeDisabled();
    // Loading the template is itself a graph change that opens a 400 ms undo burst,
    // and resetHistory() does not end it: an edit inside it is never recorded
    // (app bug, see the e2e report). Wait it out so this edit is undoable.
    await waitPastUndoBurst(page);

    await selectNode(page, 'dense_1');
    await setParam(page, 'units', '64');
    await expect(page.getByTestId('undo')).toBeEnabled();
    await expect(node(page, 'dense_1').getByTestId('node-shape')).toHaveText('(None, 64)');
    await expect.poll(() => edgeLabels(page)).toContain('(None, 64)');
    await expect.poll(() => edgeLabels(page)).toEqual(['(None, 784)', '(None, 64)', '(None, 64)']);
    await expect(page.getByTestId('inspector-shape')).toHaveText('(None, 64)');
    await shot(page, 'editor-03-units-64');

    await waitPastUndoBurst(page);
    await page.getByTestId('undo').click();
    await expect(node(page, 'dense_1').getByTestId('node-shape')).toHaveText('(None, 128)');
    await expect.poll(() => edgeLabels(page)).toEqual(['(None, 784)', '(None, 128)', '(None, 128)']);
    await expect(page.getByTestId('param-units')).toHaveValue('128');
    await expect(page.getByTestId('undo')).toBeDisabled();

    await page.getByTestId('redo').click();
    await expect(node(page, 'dense_1').getByTestId('node-shape')).toHaveText('(None, 64)');
    await expect.poll(() => edgeLabels(page)).toEqual(['(None, 784)', '(None, 64)', '(None, 64)']);
    await expect(page.getByTestId('param-units')).toHaveValue('64');
    await expect(page.getByTestId('redo')).toBeDisabled();
  });

  test('a wrong output size is flagged on the layer and blocks training until fixed', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Train');
    await expect(page.getByTestId('train-button')).toBeEnabled();

    await openTab(page, 'Layer');
    await selectNode(page, 'dense_2');
    await setParam(page, 'units', '12');
    const error = node(page, 'dense_2').getByTestId('node-error');
    await expect(error).toHaveCount(1);
    await expect(error).toContainText('10');
    await expect(error).toContainText('(None, 12)');
    await expect(node(page, 'dense_2')).toHaveClass(/has-error/);
    await shot(page, 'editor-04-wrong-output-units');

    await openTab(page, 'Train');
    await expect(page.getByTestId('train-button')).toBeDisabled();
    await shot(page, 'editor-05-train-disabled');

    await openTab(page, 'Layer');
    await waitPastUndoBurst(page);
    await setParam(page, 'units', '10');
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await expect(node(page, 'dense_2')).not.toHaveClass(/has-error/);
    await openTab(page, 'Train');
    await expect(page.getByTestId('train-button')).toBeEnabled();
  });

  test('building the MLP from an empty canvas with the palette and handle drags', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    // "New" from the toolbar, as a user would after working on another project.
    await newProjectFromTemplate(page, 'empty');
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await expect(page.getByTestId('graph-issues')).toContainText('The model is empty');

    // Clicking a palette item adds the layer below the lowest one and selects it.
    await page.getByTestId('palette-Input').click();
    await expect(node(page, 'input_1')).toBeVisible();
    await setParam(page, 'shape', '784');

    await page.getByTestId('palette-Dense').click();
    await expect(node(page, 'dense_1')).toBeVisible();
    await expect(page.getByTestId('inspector').locator('h2')).toContainText('dense_1');
    await setParam(page, 'units', '128');
    await setParam(page, 'activation', 'relu');

    await page.getByTestId('palette-Dropout').click();
    await expect(node(page, 'dropout_1')).toBeVisible();
    await setParam(page, 'rate', '0.2');

    await page.getByTestId('palette-Dense').click();
    await expect(node(page, 'dense_2')).toBeVisible();
    await setParam(page, 'units', '10');
    await setParam(page, 'activation', 'softmax');

    await page.locator('.react-flow__controls-fitview').click();

    // Nothing connected yet: every non-input layer says so, in analyze.ts' words.
    await expect(node(page, 'dense_1').getByTestId('node-error')).toHaveText("Dense 'dense_1' has no input connected. Connect a layer to it.");
    await expect(node(page, 'dropout_1').getByTestId('node-error')).toHaveText("Dropout 'dropout_1' has no input connected. Connect a layer to it.");
    await expect(node(page, 'input_1').getByTestId('node-error')).toContainText('is not connected to anything');
    await expect(page.locator('.react-flow__edge')).toHaveCount(0);
    await shot(page, 'editor-06-unconnected-layers');

    await connectNodes(page, 'input_1', 'dense_1');
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);
    await connectNodes(page, 'dense_1', 'dropout_1');
    await connectNodes(page, 'dropout_1', 'dense_2');
    await expect(page.locator('.react-flow__edge')).toHaveCount(3);

    await expect.poll(async () => (await edgeLabels(page)).sort()).toEqual(['(None, 128)', '(None, 128)', '(None, 784)']);
    await expect(node(page, 'dense_1').getByTestId('node-shape')).toHaveText('(None, 128)');
    await expect(node(page, 'dense_2').getByTestId('node-shape')).toHaveText('(None, 10)');
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await shot(page, 'editor-07-built-mlp');

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await expect(page.getByTestId('graph-issues')).toHaveText('The graph is valid.');
    await openTab(page, 'Train');
    await expect(page.getByTestId('train-button')).toBeEnabled();
  });
});
