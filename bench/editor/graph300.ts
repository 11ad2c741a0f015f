/**
 * A realistic 300-layer graph for the editor benchmark (bench/editor-perf.mjs):
 * one MNIST image Input read three ways, merged into one classifier head.
 *
 *   conv   Conv2D stem → 3 stages of residual blocks (Conv2D → BatchNorm →
 *          ReLU → Conv2D → BatchNorm → Add → ReLU), MaxPooling2D between
 *          stages → GlobalMaxPooling2D → Dense
 *   rows   Reshape to 28 steps of 28 → Conv1D → residual sequence blocks
 *          (GRU / LSTM / SimpleRNN / Conv1D / TimeDistributed, → Dropout →
 *          Add) → GRU → GlobalAveragePooling1D → Dense
 *   dense  (twice) Flatten → Dense → residual MLP blocks (Dense → Dropout → Dense →
 *          Add → BatchNorm) and split/concat blocks (two Dense → Concatenate)
 *   head   Concatenate(conv, rows, dense, dense) → Dense/Dropout … → Dense(10, softmax)
 *
 * Every layer is valid and the graph fits MNIST (one (28, 28, 1) input, 10
 * classes), so the editor shows no error; the bench checks that before timing
 * anything. Pure: no I/O.
 */
import type { Graph, GraphEdge, GraphNode } from '../../src/engine/graph';
import { defaultParams } from '../../src/engine/layers/registry';

export const TARGET_LAYERS = 300;
/**
 * The rows branch's last layer, near the middle of the layout: the bench drags
 * it, and the timed edits change its units (it feeds the head's Concatenate,
 * so any value keeps the graph valid and changes the shapes downstream).
 */
export const EDITED_LAYER = 'dense_rows';
/** Horizontal and vertical spacing of the layout, in flow units. */
const COLUMN = 260;
const ROW = 100;

interface Builder {
  nodes: GraphNode[];
  edges: GraphEdge[];
  counters: Map<string, number>;
}

function add(b: Builder, kind: string, params: Record<string, unknown>, inputs: readonly string[], column: number, fixedName?: string): string {
  const prefix = kind
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  const n = (b.counters.get(prefix) ?? 0) + 1;
  b.counters.set(prefix, n);
  const name = fixedName ?? `${prefix}_${n}`;
  b.nodes.push({ id: name, kind, name, params: { ...defaultParams(kind), ...params }, position: { x: column * COLUMN, y: 0 } });
  for (const source of inputs) b.edges.push({ id: `${source}->${name}`, source, target: name });
  return name;
}

function imageBranch(b: Builder, input: string, column: number): string {
  const filters = 16;
  let x = add(b, 'Conv2D', { filters, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, [input], column);
  for (let stage = 0; stage < 3; stage++) {
    for (let block = 0; block < 4; block++) {
      let y = add(b, 'Conv2D', { filters, kernel_size: [3, 3], padding: 'same' }, [x], column + 0.5);
      y = add(b, 'BatchNormalization', {}, [y], column + 0.5);
      y = add(b, 'Activation', { activation: 'relu' }, [y], column + 0.5);
      y = add(b, 'Conv2D', { filters, kernel_size: [3, 3], padding: 'same' }, [y], column + 0.5);
      y = add(b, 'BatchNormalization', {}, [y], column + 0.5);
      const sum = add(b, 'Add', {}, [x, y], column);
      x = add(b, 'Activation', { activation: 'relu' }, [sum], column);
    }
    if (stage < 2) x = add(b, 'MaxPooling2D', { pool_size: [2, 2] }, [x], column);
  }
  x = add(b, 'GlobalMaxPooling2D', {}, [x], column);
  return add(b, 'Dense', { units: 64, activation: 'relu' }, [x], column);
}

/** The image's 28 rows as a sequence of 28 steps. */
function sequenceBranch(b: Builder, input: string, column: number): string {
  const width = 32;
  let x = add(b, 'Reshape', { target_shape: [28, 28] }, [input], column);
  x = add(b, 'Conv1D', { filters: width, kernel_size: 3, padding: 'same', activation: 'relu' }, [x], column);
  const cells = ['GRU', 'LSTM', 'SimpleRNN', 'Conv1D', 'TimeDistributed'] as const;
  for (let block = 0; block < 20; block++) {
    const kind = cells[block % cells.length]!;
    const params =
      kind === 'Conv1D'
        ? { filters: width, kernel_size: 3, padding: 'same', activation: 'relu' }
        : kind === 'TimeDistributed'
          ? { units: width, activation: 'tanh' }
          : { units: width, return_sequences: true };
    let y = add(b, kind, params, [x], column + 0.5);
    y = add(b, 'Dropout', { rate: 0.2 }, [y], column + 0.5);
    x = add(b, 'Add', {}, [x, y], column);
  }
  x = add(b, 'GRU', { units: 64, return_sequences: true }, [x], column);
  x = add(b, 'GlobalAveragePooling1D', {}, [x], column);
  return add(b, 'Dense', { units: 64, activation: 'relu' }, [x], column, EDITED_LAYER);
}

function denseBranch(b: Builder, input: string, column: number, budget: number): string {
  const width = 64;
  const start = b.nodes.length;
  const used = () => b.nodes.length - start;
  let x = add(b, 'Flatten', {}, [input], column);
  x = add(b, 'Dense', { units: width, activation: 'relu' }, [x], column);
  // Residual blocks (5 layers) and split/concat blocks (3 layers) until the budget is nearly spent.
  for (let block = 0; ; block++) {
    const left = budget - used();
    if (block % 3 === 2 && left >= 3 + 1) {
      const a = add(b, 'Dense', { units: width / 2, activation: 'relu' }, [x], column - 0.5);
      const c = add(b, 'Dense', { units: width / 2, activation: 'tanh' }, [x], column + 0.5);
      x = add(b, 'Concatenate', { axis: -1 }, [a, c], column);
    } else if (left >= 5 + 1) {
      let y = add(b, 'Dense', { units: width, activation: 'relu' }, [x], column + 0.5);
      y = add(b, 'Dropout', { rate: 0.1 }, [y], column + 0.5);
      y = add(b, 'Dense', { units: width }, [y], column + 0.5);
      const sum = add(b, 'Add', {}, [x, y], column);
      x = add(b, 'BatchNormalization', {}, [sum], column);
    } else break;
  }
  while (used() < budget) x = add(b, 'Dense', { units: width, activation: 'relu' }, [x], column);
  return x;
}

/** Longest-path depth of every node, for a top-to-bottom layout. */
function layout(b: Builder): void {
  const depth = new Map<string, number>(b.nodes.map((n) => [n.id, 0]));
  // Nodes are created after their inputs, so one pass in creation order is enough.
  const incoming = new Map<string, string[]>();
  for (const e of b.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  for (const n of b.nodes) {
    const sources = incoming.get(n.id) ?? [];
    depth.set(n.id, sources.length ? Math.max(...sources.map((s) => depth.get(s)! + 1)) : 0);
  }
  for (const n of b.nodes) n.position = { x: n.position.x, y: depth.get(n.id)! * ROW };
}

/** The benchmark graph: exactly TARGET_LAYERS layers, valid, one (None, 10) softmax output. */
export function buildBenchGraph(): Graph {
  const b: Builder = { nodes: [], edges: [], counters: new Map() };
  const input = add(b, 'Input', { shape: [28, 28, 1] }, [], 2);
  const image = imageBranch(b, input, 0);
  const rows = sequenceBranch(b, input, 2);
  const headLayers = 5; // Concatenate, Dense, Dropout, Dense, Dense(10)
  const budget = TARGET_LAYERS - b.nodes.length - headLayers;
  const flatA = denseBranch(b, input, 4, Math.floor(budget / 2));
  const flatB = denseBranch(b, input, 6, budget - Math.floor(budget / 2));
  let x = add(b, 'Concatenate', { axis: -1 }, [image, rows, flatA, flatB], 2);
  x = add(b, 'Dense', { units: 128, activation: 'relu' }, [x], 2);
  x = add(b, 'Dropout', { rate: 0.3 }, [x], 2);
  x = add(b, 'Dense', { units: 64, activation: 'relu' }, [x], 2);
  add(b, 'Dense', { units: 10, activation: 'softmax' }, [x], 2);
  layout(b);
  if (b.nodes.length !== TARGET_LAYERS) throw new Error(`bench graph has ${b.nodes.length} layers, expected ${TARGET_LAYERS}`);
  return { nodes: b.nodes, edges: b.edges };
}

/** Layer-count by kind, for the report. */
export function kindCounts(graph: Graph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.nodes) counts[n.kind] = (counts[n.kind] ?? 0) + 1;
  return counts;
}
