import path from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export { expect };

export const artifactsDir = path.join(__dirname, 'artifacts');

/**
 * URL and LAYERLAB_HOME of the server started by global-setup.ts. The URL
 * carries the server's `?token=`: opening it sets the token cookie the app's
 * WebSocket needs, then redirects to the same page without the token.
 */
export function serverUrl(): string {
  const url = process.env.LAYERLAB_E2E_URL;
  if (!url) throw new Error('LAYERLAB_E2E_URL is not set: run through e2e/playwright.config.ts (its globalSetup starts the server)');
  return url;
}

export function serverHome(): string {
  const home = process.env.LAYERLAB_E2E_HOME;
  if (!home) throw new Error('LAYERLAB_E2E_HOME is not set: run through e2e/playwright.config.ts');
  return home;
}

/** The server's dataset directories (its LAYERLAB_DATA_DIR), in search order. */
export function serverDataDirs(): string[] {
  const dirs = process.env.LAYERLAB_E2E_DATA_DIRS;
  if (!dirs) throw new Error('LAYERLAB_E2E_DATA_DIRS is not set: run through e2e/playwright.config.ts');
  return dirs.split(path.delimiter);
}

/**
 * `test` with an automatic check: any uncaught error in the page (`pageerror`)
 * fails the test. Console errors are attached to the report, not fatal.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use, testInfo) => {
      const errors: string[] = [];
      const consoleErrors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url || 'no url'})`);
      });
      await use(errors);
      if (consoleErrors.length > 0) await testInfo.attach('console-errors', { body: consoleErrors.join('\n'), contentType: 'text/plain' });
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
}

/** Loads the app; it starts with the "New project" template dialog open. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(serverUrl());
  await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
}

/** Picks a template in the open "New project" dialog: 'mlp-mnist' or 'empty'. */
export async function openTemplate(page: Page, id: string): Promise<void> {
  await page.getByTestId(`template-${id}`).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

export async function newProjectFromTemplate(page: Page, id: string): Promise<void> {
  await page.getByTestId('new-project').click();
  await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
  await openTemplate(page, id);
}

export function node(page: Page, name: string): Locator {
  return page.getByTestId(`node-${name}`);
}

export async function selectNode(page: Page, name: string): Promise<void> {
  await node(page, name).locator('.layer-node-title').click();
  await expect(page.getByTestId('inspector').locator('h2')).toContainText(name);
}

/** Sets an inspector field of the selected layer (select or text/number input). */
export async function setParam(page: Page, field: string, value: string): Promise<void> {
  const input = page.getByTestId(`param-${field}`);
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
  else await input.fill(value);
  await expect(input).toHaveValue(value);
}

/** Text of every edge label on the canvas, in edge order. */
export function edgeLabels(page: Page): Promise<string[]> {
  return page.locator('.react-flow__edge-text').allTextContents();
}

export async function openTab(page: Page, tab: 'Layer' | 'Summary' | 'Train' | 'Data' | 'Runs'): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

/**
 * Undo groups a burst of edits made within 400 ms (debounced, see
 * src/renderer/src/store/index.ts); waiting past it makes the next edit its
 * own undo step. The debounce has no visible trace to wait on.
 */
export async function waitPastUndoBurst(page: Page): Promise<void> {
  await page.waitForTimeout(600);
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`not visible: ${String(locator)}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Whether the handle is where a pointer would grab it: on screen, settled, and not under the minimap or a panel. */
async function grabbable(handle: Locator): Promise<boolean> {
  const before = await handle.boundingBox();
  if (!before) return false;
  // Two frames apart: a fit-view or layout animation still moving the handle would drag from a stale point.
  await handle.page().evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const after = await handle.boundingBox();
  if (!after || after.x !== before.x || after.y !== before.y) return false;
  return handle.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return top !== null && (top === el || el.contains(top));
  });
}

/** Waits until every handle can be grabbed, clicking Fit view while one cannot. */
export async function handlesReady(page: Page, ...handles: Locator[]): Promise<void> {
  await expect
    .poll(async () => {
      for (const handle of handles) {
        if (!(await grabbable(handle))) {
          await page.getByTestId('fit-view').click();
          return false;
        }
      }
      return true;
    }, { message: 'a handle stays off screen or covered after Fit view' })
    .toBe(true);
}

/**
 * Drags a connection from the bottom (source) handle of one layer to the top
 * (target) handle of another. Fits the view first where a handle is off
 * screen or covered (new layers can land under the minimap).
 */
export async function connectNodes(page: Page, from: string, to: string): Promise<void> {
  const source = node(page, from).locator('.react-flow__handle-bottom');
  const target = node(page, to).locator('.react-flow__handle-top');
  await handlesReady(page, source, target);
  const start = await center(source);
  const end = await center(target);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 10, { steps: 3 });
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();
}

/** The number in a chart figure's data-points attribute. */
export async function chartPoints(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-points'));
}

/** Sets the training settings that matter for the tests (Train tab must be open). */
export async function setTrainingSettings(page: Page, settings: { epochs?: number; limit?: number; batchSize?: number }): Promise<void> {
  if (settings.limit !== undefined) await page.getByTestId('train-limit').fill(String(settings.limit));
  if (settings.epochs !== undefined) await page.getByTestId('train-epochs').fill(String(settings.epochs));
  if (settings.batchSize !== undefined) await page.getByTestId('train-batch-size').fill(String(settings.batchSize));
  if (settings.limit !== undefined) await expect(page.getByTestId('train-limit')).toHaveValue(String(settings.limit));
  if (settings.epochs !== undefined) await expect(page.getByTestId('train-epochs')).toHaveValue(String(settings.epochs));
}

/** Trains the open project with the given settings and waits for the finished run's summary. */
export async function trainAndWait(page: Page, settings: { epochs: number; limit: number }, timeout = 90_000): Promise<void> {
  await openTab(page, 'Train');
  await setTrainingSettings(page, settings);
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-summary')).toBeVisible({ timeout });
}

export function parseAccuracy(text: string): number {
  const match = /accuracy\s+([0-9.]+)/.exec(text);
  if (!match) throw new Error(`no accuracy in "${text}"`);
  return Number(match[1]);
}

export const MLP_NODES = ['input_1', 'dense_1', 'dropout_1', 'dense_2'] as const;

/** Names of every layer on the canvas, in graph order. */
export function layerNames(page: Page): Promise<string[]> {
  return page.locator('.layer-node').evaluateAll((elements) => elements.map((e) => (e.getAttribute('data-testid') ?? '').replace(/^node-/, '')));
}

/** Adds a layer to the selection (or removes it), as Shift+click on its title does. */
export async function shiftClickNode(page: Page, name: string): Promise<void> {
  await node(page, name).locator('.layer-node-title').click({ modifiers: ['Shift'] });
}

/** A layer's position in flow coordinates (React Flow's transform), independent of zoom and pan. */
export async function flowPosition(page: Page, name: string): Promise<{ x: number; y: number }> {
  const transform = await page.locator('.react-flow__node', { has: node(page, name) }).evaluate((e) => (e as HTMLElement).style.transform);
  const match = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(transform);
  if (!match) throw new Error(`no position in "${transform}"`);
  return { x: Number(match[1]), y: Number(match[2]) };
}
