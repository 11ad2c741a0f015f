import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { unpackProject } from '../src/engine/project/container';
import { restoreProject } from '../src/engine/project/restore';
import { summarizeModel } from '../src/engine/summary';
import { JA_EN_TEXT } from '../src/engine/textDatasets';
import { connectNodes, edgeLabels, expect, newProjectFromTemplate, node, openApp, openTab, openTemplate, serverHome, shot, test } from './helpers';

/**
 * The tutorial's Japanese→English encoder-decoder (§6.3; the template
 * encdec-jaen), built from an empty canvas with the mouse only: layers dragged
 * from the palette, params typed into the Inspector's generated fields,
 * connections dragged from handle to handle. Sizes come from the ja-en
 * dataset (the first 50 Tatoeba pairs): sequence lengths and vocabularies.
 */
const { encoderMaxlen: JA_LEN, decoderMaxlen: EN_LEN, jaVocabulary: JA_VOCAB, enVocabulary: EN_VOCAB } = JA_EN_TEXT;

/** Where each layer is dropped, as a fraction of the canvas (x, y): two branches side by side, then the merge below. */
const LAYOUT: Record<string, { kind: string; at: [number, number] }> = {
  input_1: { kind: 'Input', at: [0.25, 0.1] },
  embedding_1: { kind: 'Embedding', at: [0.25, 0.235] },
  gru_1: { kind: 'GRU', at: [0.25, 0.37] },
  repeat_vector_1: { kind: 'RepeatVector', at: [0.25, 0.505] },
  input_2: { kind: 'Input', at: [0.72, 0.1] },
  embedding_2: { kind: 'Embedding', at: [0.72, 0.235] },
  gru_2: { kind: 'GRU', at: [0.72, 0.37] },
  time_distributed_1: { kind: 'TimeDistributed', at: [0.72, 0.505] },
  concatenate_1: { kind: 'Concatenate', at: [0.485, 0.64] },
  gru_3: { kind: 'GRU', at: [0.485, 0.775] },
  dense_1: { kind: 'Dense', at: [0.485, 0.91] },
};

/** Inspector params per layer, by the field's label. */
const PARAMS: Record<string, Record<string, string | boolean>> = {
  input_1: { Shape: `${JA_LEN}` },
  embedding_1: { 'Vocabulary size': `${JA_VOCAB}`, 'Embedding size': '128', 'Input length': `${JA_LEN}` },
  gru_1: { Units: '128' },
  repeat_vector_1: { Repeats: `${EN_LEN}` },
  input_2: { Shape: `${EN_LEN}` },
  embedding_2: { 'Vocabulary size': `${EN_VOCAB}`, 'Embedding size': '128', 'Input length': `${EN_LEN}` },
  gru_2: { Units: '128', 'Return sequences': true },
  time_distributed_1: { Units: '128' },
  concatenate_1: { Axis: '-1' },
  gru_3: { Units: '128' },
  dense_1: { Units: `${EN_VOCAB}`, Activation: 'softmax' },
};

/** Connections in the order they are made: the Concatenate takes the RepeatVector branch first. */
const CONNECTIONS: [string, string, string][] = [
  ['input_1', 'embedding_1', `(None, ${JA_LEN})`],
  ['embedding_1', 'gru_1', `(None, ${JA_LEN}, 128)`],
  ['gru_1', 'repeat_vector_1', '(None, 128)'],
  ['input_2', 'embedding_2', `(None, ${EN_LEN})`],
  ['embedding_2', 'gru_2', `(None, ${EN_LEN}, 128)`],
  ['gru_2', 'time_distributed_1', `(None, ${EN_LEN}, 128)`],
  ['repeat_vector_1', 'concatenate_1', `(None, ${EN_LEN}, 128)`],
  ['time_distributed_1', 'concatenate_1', `(None, ${EN_LEN}, 128)`],
  ['concatenate_1', 'gru_3', `(None, ${EN_LEN}, 256)`],
  ['gru_3', 'dense_1', '(None, 128)'],
];

/** Each layer's output shape once everything is connected. */
const NODE_SHAPES: Record<string, string> = {
  input_1: `(None, ${JA_LEN})`,
  embedding_1: `(None, ${JA_LEN}, 128)`,
  gru_1: '(None, 128)',
  repeat_vector_1: `(None, ${EN_LEN}, 128)`,
  input_2: `(None, ${EN_LEN})`,
  embedding_2: `(None, ${EN_LEN}, 128)`,
  gru_2: `(None, ${EN_LEN}, 128)`,
  time_distributed_1: `(None, ${EN_LEN}, 128)`,
  concatenate_1: `(None, ${EN_LEN}, 256)`,
  gru_3: '(None, 128)',
  dense_1: `(None, ${EN_VOCAB})`,
};

/** By hand, Keras 1 counts: Embedding V·128, GRU 3·u·(in + u + 1), Dense in·out + out. */
const gru = (features: number) => 3 * 128 * (features + 128 + 1);
const TOTAL_PARAMS = JA_VOCAB * 128 + gru(128) + EN_VOCAB * 128 + gru(128) + (128 * 128 + 128) + gru(256) + (128 * EN_VOCAB + EN_VOCAB);

/**
 * An Inspector field of the selected layer, found by the label a user reads
 * next to it. (Not getByLabel: the label also holds the field's problem, and a
 * select's options, right after the title, so its text is not the title.)
 */
function field(page: Page, label: string): Locator {
  return page.getByTestId('inspector').locator(`label.field:has(> span:text-is("${label}"))`).locator('input, select');
}

/** Drags a layer kind from the palette onto the canvas (HTML5 drag and drop) at a fraction of the canvas. */
async function dropLayer(page: Page, kind: string, name: string, [fx, fy]: [number, number]): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  // The drop point is where the layer's title lands (Canvas.tsx puts the layer's corner 80 px left of it).
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
  await expect(node(page, name)).toBeVisible();
  // A dropped layer is selected, so the Inspector shows it.
  await expect(page.getByTestId('inspector').locator('h2')).toContainText(name);
}

async function setParams(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('inspector').locator('h2')).toContainText(name);
  for (const [label, value] of Object.entries(PARAMS[name]!)) {
    const input = field(page, label);
    if (typeof value === 'boolean') {
      await input.setChecked(value);
      await expect(input).toBeChecked({ checked: value });
    } else if ((await input.evaluate((el) => el.tagName)) === 'SELECT') {
      await input.selectOption(value);
      await expect(input).toHaveValue(value);
    } else {
      await input.fill(value);
      await expect(input).toHaveValue(value);
    }
  }
}

async function buildLayer(page: Page, name: string): Promise<void> {
  const { kind, at } = LAYOUT[name]!;
  await dropLayer(page, kind, name, at);
  await setParams(page, name);
}

async function connect(page: Page, index: number): Promise<void> {
  const [from, to] = CONNECTIONS[index]!;
  await connectNodes(page, from, to);
  await expect(page.locator('.react-flow__edge')).toHaveCount(index + 1);
}

test.describe('encoder-decoder', () => {
  test('built from an empty canvas by drag and drop shows the tutorial model’s shapes and parameter count', async ({ page }) => {
    await openApp(page);
    await openTemplate(page, 'mlp-mnist');
    await newProjectFromTemplate(page, 'empty');
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    // The model is trained on Japanese→English pairs: two word-id inputs, a softmax over the English words.
    await openTab(page, 'Train');
    await page.getByTestId('train-dataset').selectOption('ja-en');
    await expect(page.getByTestId('train-dataset')).toHaveValue('ja-en');
    await openTab(page, 'Layer');
    // Zoom out so that eleven layers (taller while they still show errors) fit without overlapping.
    const zoom = page.locator('.react-flow__viewport');
    for (let i = 0; i < 3; i++) {
      const before = await zoom.getAttribute('style');
      await page.locator('.react-flow__controls-zoomout').click();
      await expect(zoom).not.toHaveAttribute('style', before ?? '');
    }
    await shot(page, 'encdec-01-empty-canvas');

    // Encoder: Japanese words → Embedding → GRU → RepeatVector.
    for (const name of ['input_1', 'embedding_1', 'gru_1', 'repeat_vector_1']) await buildLayer(page, name);
    for (let i = 0; i < 3; i++) await connect(page, i);
    // Decoder input: English words so far → Embedding → GRU (sequences) → TimeDistributed(Dense).
    for (const name of ['input_2', 'embedding_2', 'gru_2', 'time_distributed_1']) await buildLayer(page, name);
    for (let i = 3; i < 6; i++) await connect(page, i);

    await expect.poll(() => edgeLabels(page)).toEqual(CONNECTIONS.slice(0, 6).map(([, , shape]) => shape));
    await expect(node(page, 'repeat_vector_1').getByTestId('node-shape')).toHaveText(NODE_SHAPES.repeat_vector_1!);
    await expect(node(page, 'time_distributed_1').getByTestId('node-shape')).toHaveText(NODE_SHAPES.time_distributed_1!);
    await shot(page, 'encdec-02-half-built');

    // Merge: Concatenate (RepeatVector branch first) → GRU(128) → Dense(English words, softmax).
    for (const name of ['concatenate_1', 'gru_3', 'dense_1']) await buildLayer(page, name);
    for (let i = 6; i < CONNECTIONS.length; i++) await connect(page, i);

    // Every connection carries its source's Keras shape, in the order they were made.
    await expect.poll(() => edgeLabels(page)).toEqual(CONNECTIONS.map(([, , shape]) => shape));
    for (const [name, shape] of Object.entries(NODE_SHAPES)) await expect(node(page, name).getByTestId('node-shape')).toHaveText(shape);
    await expect(page.locator('.react-flow__edge.edge-broken')).toHaveCount(0);
    await expect(page.getByTestId('node-error')).toHaveCount(0);
    await expect(page.locator('.layer-node.has-error')).toHaveCount(0);

    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await expect(page.getByTestId('graph-issues')).toContainText('The graph is valid.');
    await page.locator('.react-flow__controls-fitview').click();
    await shot(page, 'encdec-03-finished');

    await openTab(page, 'Summary');
    await expect(page.getByTestId('summary-total-params')).toContainText(TOTAL_PARAMS.toLocaleString('en-US'));
    await shot(page, 'encdec-04-summary');

    // Saved and read back with the engine: the Concatenate's inputs are in Keras order, and the count agrees.
    const file = path.join(serverHome(), 'projects', 'e2e-encdec.layerlab');
    await page.getByTestId('save-project-as').click();
    await page.getByTestId('save-path').fill(file);
    await page.getByTestId('save-confirm').click();
    await expect(page.getByTestId('notice')).toContainText(`Saved ${file}`);
    const unpacked = unpackProject(readFileSync(file), file);
    const { graph } = restoreProject(unpacked.raw, file, { weights: unpacked.weights }).project;
    const byId = new Map(graph.nodes.map((n) => [n.id, n.name]));
    const concat = graph.nodes.find((n) => n.name === 'concatenate_1')!;
    expect(graph.edges.filter((e) => e.target === concat.id).map((e) => byId.get(e.source))).toEqual(['repeat_vector_1', 'time_distributed_1']);
    expect(summarizeModel(graph).totalParams).toBe(TOTAL_PARAMS);
  });
});
