import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import {
  artifactsDir,
  connectNodes,
  edgeLabels,
  expect,
  flowPosition,
  layerNames,
  MLP_NODES,
  newProjectFromTemplate,
  node,
  openApp,
  openTab,
  openTemplate,
  selectNode,
  setParam,
  shiftClickNode,
  handlesReady,
  shot,
  test,
} from './helpers';

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

async function expectLayers(page: Page, names: readonly string[]): Promise<void> {
  await expect.poll(() => layerNames(page)).toEqual(names);
}

async function download(page: Page, menuItem: string): Promise<Download> {
  await page.getByTestId('export-menu').click();
  const pending = page.waitForEvent('download');
  await page.getByTestId(menuItem).click();
  return pending;
}

test.describe('editing', () => {
  test('multi-select, copy and paste, duplicate, cut and delete; each is one undo step', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await expectLayers(page, MLP_NODES);

    // Shift+click builds a selection; the inspector sums it up.
    await selectNode(page, 'dense_1');
    await shiftClickNode(page, 'dropout_1');
    await expect(page.getByTestId('selection-count')).toHaveText('2 layers selected');
    await expect(page.getByTestId('selection-params')).toHaveText('100,480');
    await expect(node(page, 'dense_1').locator('..')).toHaveClass(/selected/);
    await shot(page, 'editing-01-two-selected');

    // Copy writes the layers to the system clipboard, tagged as LayerLab layers.
    await page.keyboard.press(`${MOD}+c`);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('"format": "layerlab.layers"');

    await page.keyboard.press(`${MOD}+v`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2']);
    await expect(page.locator('.react-flow__edge')).toHaveCount(4);
    await expect(page.getByTestId('selection-count')).toHaveText('2 layers selected');
    await expect(page.getByTestId('inspector-multi')).toContainText('dense_3, dropout_2');
    const first = await flowPosition(page, 'dense_3');
    const original = await flowPosition(page, 'dense_1');
    expect(first).toEqual({ x: original.x + 40, y: original.y + 40 });

    // Pasting again lands one step further, with names still unique.
    await page.keyboard.press(`${MOD}+v`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'dense_4', 'dropout_3']);
    expect(await flowPosition(page, 'dense_4')).toEqual({ x: original.x + 80, y: original.y + 80 });
    const names = await layerNames(page);
    expect(new Set(names).size).toBe(names.length);
    await shot(page, 'editing-02-pasted-twice');

    await page.getByTestId('undo').click();
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2']);
    await page.keyboard.press(`${MOD}+z`);
    await expectLayers(page, MLP_NODES);
    await page.keyboard.press(`${MOD}+Shift+z`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2']);
    await page.keyboard.press(`${MOD}+y`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'dense_4', 'dropout_3']);

    // Duplicate: Ctrl+D on one layer.
    await selectNode(page, 'dense_2');
    await page.keyboard.press(`${MOD}+d`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'dense_4', 'dropout_3', 'dense_5']);
    await expect(page.getByTestId('inspector').locator('h2')).toContainText('dense_5');
    await page.keyboard.press(`${MOD}+z`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'dense_4', 'dropout_3']);
    await page.keyboard.press(`${MOD}+y`);
    await expect(node(page, 'dense_5')).toBeVisible();

    // Delete the selection (dense_5) with the key, then two layers with the inspector's button.
    await page.keyboard.press('Delete');
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'dense_4', 'dropout_3']);
    await selectNode(page, 'dense_4');
    await shiftClickNode(page, 'dropout_3');
    await expect(page.getByTestId('selection-count')).toHaveText('2 layers selected');
    await page.getByTestId('delete-selection').click();
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2']);
    await expect(page.locator('.react-flow__edge')).toHaveCount(4);
    await page.keyboard.press(`${MOD}+z`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'dense_4', 'dropout_3']);
    await expect(page.locator('.react-flow__edge')).toHaveCount(5);
    await page.keyboard.press(`${MOD}+z`);
    await expect(node(page, 'dense_5')).toBeVisible();
    await page.keyboard.press(`${MOD}+y`);
    await page.keyboard.press(`${MOD}+y`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2']);

    // Cut removes, paste brings the layer back under a new name.
    await selectNode(page, 'dropout_2');
    await page.keyboard.press(`${MOD}+x`);
    await expectLayers(page, [...MLP_NODES, 'dense_3']);
    await page.keyboard.press(`${MOD}+v`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2']);

    // Layers copied in another window arrive through the system clipboard.
    await page.evaluate(() =>
      navigator.clipboard.writeText(
        JSON.stringify({
          format: 'layerlab.layers',
          version: 1,
          nodes: [{ id: 'elsewhere', kind: 'Conv2D', name: 'conv2d_7', params: { filters: 8 }, position: { x: 400, y: 0 } }],
          edges: [],
        }),
      ),
    );
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press(`${MOD}+v`);
    await expectLayers(page, [...MLP_NODES, 'dense_3', 'dropout_2', 'conv2d_1']);
    await expect(page.getByTestId('inspector').locator('h2')).toContainText('conv2d_1');

    // Ctrl+A and Esc.
    await page.keyboard.press(`${MOD}+a`);
    await expect(page.getByTestId('selection-count')).toHaveText('7 layers selected');
    await shot(page, 'editing-03-select-all');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('selection-count')).toHaveCount(0);
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
  });

  test('shortcuts stay out of form fields; the ? overlay lists them', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await selectNode(page, 'dense_1');
    const units = page.getByTestId('param-units');
    await units.click();
    await page.keyboard.press(`${MOD}+a`);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('32');
    await expect(units).toHaveValue('32');
    await page.keyboard.press(`${MOD}+d`);
    await expectLayers(page, MLP_NODES);

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect(help).toBeVisible();
    for (const action of ['Copy the selected layers', 'Paste (also from another window)', 'Duplicate', 'Auto-layout', 'Fit the model into view', 'Select with a box']) {
      await expect(help).toContainText(action);
    }
    await shot(page, 'editing-04-shortcut-help');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    await page.getByTestId('shortcut-help-button').click();
    await expect(help).toBeVisible();
    await page.keyboard.press('?');
    await expect(help).toHaveCount(0);
  });

  test('Shift+drag box-selects; auto-layout is one undo step; fit view frames the model', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');

    // Box selection over the two middle layers, then drag them together: one undo step.
    const a = await node(page, 'dense_1').boundingBox();
    const b = await node(page, 'dropout_1').boundingBox();
    if (!a || !b) throw new Error('layers not on screen');
    await page.keyboard.down('Shift');
    await page.mouse.move(Math.min(a.x, b.x) - 30, a.y - 10);
    await page.mouse.down();
    await page.mouse.move(Math.max(a.x + a.width, b.x + b.width) + 30, b.y + b.height + 10, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect(page.getByTestId('selection-count')).toHaveText('2 layers selected');

    const before = { dense: await flowPosition(page, 'dense_1'), dropout: await flowPosition(page, 'dropout_1') };
    const grip = await node(page, 'dense_1').locator('.layer-node-title').boundingBox();
    if (!grip) throw new Error('dense_1 not on screen');
    await page.mouse.move(grip.x + 10, grip.y + 5);
    await page.mouse.down();
    await page.mouse.move(grip.x + 160, grip.y + 25, { steps: 10 });
    await page.mouse.up();
    const moved = { dense: await flowPosition(page, 'dense_1'), dropout: await flowPosition(page, 'dropout_1') };
    expect(moved.dense.x - before.dense.x).toBeGreaterThan(100);
    expect(moved.dropout.x - before.dropout.x).toBeCloseTo(moved.dense.x - before.dense.x, 0);
    await shot(page, 'editing-05-dragged-selection');
    await page.getByTestId('undo').click();
    expect(await flowPosition(page, 'dense_1')).toEqual(before.dense);
    expect(await flowPosition(page, 'dropout_1')).toEqual(before.dropout);
    await page.getByTestId('redo').click();
    expect(await flowPosition(page, 'dropout_1')).toEqual(moved.dropout);
    await expect(page.getByTestId('undo')).toBeEnabled();

    // Auto-layout puts the chain back in one centred column, top to bottom.
    await page.getByTestId('auto-layout').click();
    await expect.poll(async () => (await flowPosition(page, 'dense_1')).x).not.toBe(moved.dense.x);
    const laidOut = await Promise.all(MLP_NODES.map((name) => flowPosition(page, name)));
    const centres = await Promise.all(
      MLP_NODES.map(async (name, i) => laidOut[i]!.x + ((await node(page, name).boundingBox())?.width ?? 0) / 2 / (await zoom(page))),
    );
    for (const centre of centres) expect(Math.abs(centre - centres[0]!)).toBeLessThan(2);
    for (let i = 1; i < laidOut.length; i += 1) expect(laidOut[i]!.y).toBeGreaterThan(laidOut[i - 1]!.y + 40);
    await shot(page, 'editing-06-auto-layout');

    await page.keyboard.press(`${MOD}+z`);
    expect(await flowPosition(page, 'dense_1')).toEqual(moved.dense);
    await page.keyboard.press(`${MOD}+y`);
    expect(await flowPosition(page, 'dense_1')).toEqual(laidOut[1]);
    // The shortcut runs the same layout (nothing left to change: still one column).
    await page.keyboard.press(`${MOD}+z`);
    await page.keyboard.press(`${MOD}+Shift+L`);
    await expect.poll(() => flowPosition(page, 'dense_1')).toEqual(laidOut[1]);

    // Pan the model out of sight, then F brings it back.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no pane');
    await page.mouse.move(pane.x + 60, pane.y + 60);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width - 10, pane.y + pane.height - 10, { steps: 6 });
    await page.mouse.up();
    await expect(node(page, 'input_1')).not.toBeInViewport();
    await page.keyboard.press('f');
    for (const name of MLP_NODES) await expect(node(page, name)).toBeInViewport();
    await page.getByTestId('fit-view').click();
    for (const name of MLP_NODES) await expect(node(page, name)).toBeInViewport();
  });

  test('exports the model as PNG and as a self-contained SVG', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'cnn-mnist');
    const names = await layerNames(page);
    expect(names).toHaveLength(11);

    const png = await download(page, 'export-png');
    expect(png.suggestedFilename()).toBe('cnn-with-mnist.png');
    const pngPath = path.join(artifactsDir, 'editing-export.png');
    await png.saveAs(pngPath);
    const bytes = readFileSync(pngPath);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    // Eleven layers top to bottom, drawn at twice their size: tall and narrow.
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(2 * 10 * 140);

    const svg = await download(page, 'export-svg');
    expect(svg.suggestedFilename()).toBe('cnn-with-mnist.svg');
    const svgPath = path.join(artifactsDir, 'editing-export.svg');
    await svg.saveAs(svgPath);
    const text = readFileSync(svgPath, 'utf8');
    expect(text).not.toContain('foreignObject');
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        layers: doc.querySelectorAll('g.layer').length,
        paths: doc.querySelectorAll('g.connection path').length,
        text: doc.documentElement.textContent ?? '',
      };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.layers).toBe(11);
    expect(parsed.paths).toBe(10);
    for (const name of names) expect(parsed.text).toContain(name);
    expect(parsed.text).toContain('(None, 26, 26, 10)');

    // What a vector editor would show: the SVG alone, rendered by the browser.
    const viewer = await page.context().newPage();
    await viewer.setViewportSize({ width: 600, height: 1500 });
    await viewer.setContent(`<body style="margin:0">${text.replace(/^<\?xml[^>]*>/, '')}</body>`);
    await viewer.locator('svg').screenshot({ path: path.join(artifactsDir, 'editing-07-export-svg-rendered.png') });
    await viewer.close();
  });

  test('a connection is checked while it is dragged, and a refused one says why', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    const locate = (name: string, side: 'top' | 'bottom') => node(page, name).locator(`.react-flow__handle-${side}`);
    const handle = async (name: string, side: 'top' | 'bottom') => {
      const box = await locate(name, side).boundingBox();
      if (!box) throw new Error(`${name} has no ${side} handle`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    // dense_2 → dense_1: dense_1 already has its input (and it would close a loop).
    await handlesReady(page, locate('dense_2', 'bottom'), locate('dense_1', 'top'));
    const start = await handle('dense_2', 'bottom');
    const end = await handle('dense_1', 'top');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 10, start.y + 10, { steps: 3 });
    await page.mouse.move(end.x, end.y, { steps: 12 });
    await expect(page.locator('.react-flow__connection.invalid')).toHaveCount(1);
    await shot(page, 'editing-12-refused-connection-while-dragging');
    await page.mouse.up();
    await expect(page.getByTestId('notice')).toHaveText("Dense 'dense_1' already has its input");
    await expect(page.locator('.react-flow__edge')).toHaveCount(3);

    // A fresh Dense accepts dense_2's output: the line turns valid over its handle.
    await page.getByTestId('palette-Dense').click();
    await page.getByTestId('fit-view').click();
    await handlesReady(page, locate('dense_2', 'bottom'), locate('dense_3', 'top'));
    const from = await handle('dense_2', 'bottom');
    const to = await handle('dense_3', 'top');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 10, from.y + 10, { steps: 3 });
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await expect(page.locator('.react-flow__connection.valid')).toHaveCount(1);
    await page.mouse.up();
    await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  });

  test('a shape error offers a one-click fix; the fix is one undo step', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await newProjectFromTemplate(page, 'empty');
    await page.getByTestId('palette-Input').click();
    await setParam(page, 'shape', '28, 28, 1');
    await page.getByTestId('palette-Dense').click();
    await setParam(page, 'units', '10');
    await setParam(page, 'activation', 'softmax');
    await page.getByTestId('fit-view').click();
    await connectNodes(page, 'input_1', 'dense_1');
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);

    const error = node(page, 'dense_1').getByTestId('node-error');
    await expect(error).toHaveText("Dense 'dense_1': Dense expects (None, features) but receives (None, 28, 28, 1).", { useInnerText: true });
    const fix = node(page, 'dense_1').getByTestId('node-fix').filter({ hasText: 'Insert Flatten' });
    await expect(fix).toBeVisible();
    await selectNode(page, 'dense_1');
    await expect(page.getByTestId('inspector-fix').filter({ hasText: 'Insert Flatten' })).toBeVisible();
    await shot(page, 'editing-08-dense-shape-error');

    await fix.click();
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await expectLayers(page, ['input_1', 'dense_1', 'flatten_1']);
    await expect.poll(async () => (await edgeLabels(page)).sort()).toEqual(['(None, 28, 28, 1)', '(None, 784)']);
    await expect(page.getByTestId('inspector').locator('h2')).toContainText('flatten_1');
    await expect(node(page, 'dense_1').getByTestId('node-shape')).toHaveText('(None, 10)');
    await page.getByTestId('fit-view').click();
    await shot(page, 'editing-09-fixed-with-flatten');

    await page.keyboard.press(`${MOD}+z`);
    await expect(error).toHaveCount(1);
    await expectLayers(page, ['input_1', 'dense_1']);
    await page.keyboard.press(`${MOD}+y`);
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await expectLayers(page, ['input_1', 'dense_1', 'flatten_1']);
    await expect.poll(async () => (await edgeLabels(page)).sort()).toEqual(['(None, 28, 28, 1)', '(None, 784)']);
  });

  test('the model summary lists shapes, parameters, FLOPs and memory; a row selects its layer', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await openTab(page, 'Summary');
    const panel = page.getByTestId('summary-panel');
    await expect(panel.locator('tbody tr')).toHaveCount(4);
    await expect(page.getByTestId('summary-row-dense_1')).toContainText('(None, 128)');
    await expect(page.getByTestId('summary-row-dense_1')).toContainText('100,480');
    await expect(page.getByTestId('summary-total-params')).toContainText('101,770');
    await expect(page.getByTestId('summary-activation-memory')).toContainText('batch of 256');
    await page.getByTestId('summary-row-dropout_1').click();
    await expect(page.getByTestId('summary-row-dropout_1')).toHaveClass(/selected/);
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(1);
    await expect(page.locator('.react-flow__node.selected')).toContainText('dropout_1');
    await shot(page, 'editing-10-summary-mlp');

    await newProjectFromTemplate(page, 'cnn-mnist');
    await openTab(page, 'Summary');
    await expect(panel.locator('tbody tr')).toHaveCount(11);
    await expect(page.getByTestId('summary-total-params')).toContainText('186,748');
    await shot(page, 'editing-11-summary-cnn');

    // Twice the CNN (22 layers): the header stays in view while the table scrolls to the totals.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press(`${MOD}+a`);
    await page.keyboard.press(`${MOD}+d`);
    await expect(panel.locator('tbody tr')).toHaveCount(22);
    await expect(page.getByTestId('summary-total-params')).toContainText('373,496');
    await page.getByTestId('summary-totals').scrollIntoViewIfNeeded();
    await expect(panel.locator('thead th').first()).toBeInViewport();
    await shot(page, 'editing-13-summary-22-layers');
  });
});

async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((e) => (e as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? 1);
}
