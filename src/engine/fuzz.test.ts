import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph, INTERNAL_ERROR_PREFIX, type GraphIssue } from './analyze';
import { compileGraph } from './compile';
import { applyFix, type GraphFix } from './fixes';
import { LAYER_SPECS } from './layers/registry';
import type { Graph, GraphEdge, GraphNode } from './graph';
import type { Shape } from './shape';

/** mulberry32: small, seeded, good enough to spread cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

// Every registered layer (plus an unknown kind) in wild graphs; tame chains use a few core layers.
const KINDS = [...LAYER_SPECS.map((spec) => spec.kind), 'Conv9D'];
const TAME_KINDS = ['Dense', 'Dropout', 'Activation'];
/** Tame families: an Input of this shape, then layers that often (not always) fit it. */
const FAMILIES = [
  { shapes: [[4], [10]], kinds: TAME_KINDS },
  {
    shapes: [[6, 3], [5, 2]],
    kinds: ['Conv1D', 'SimpleRNN', 'GRU', 'LSTM', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'RepeatVector', 'TimeDistributed', 'Flatten', 'BatchNormalization'],
  },
  {
    shapes: [[6, 6, 1], [8, 8, 2]],
    kinds: ['Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalMaxPooling2D', 'BatchNormalization', 'Flatten', 'Dense', 'Reshape'],
  },
];
const TAME_PARAMS: Record<string, () => Record<string, unknown>> = {
  Dense: () => ({ units: 3 }),
  TimeDistributed: () => ({ units: 3 }),
  Conv1D: () => ({ filters: 2, kernel_size: 2 }),
  Conv2D: () => ({ filters: 2, kernel_size: [2, 2] }),
  SimpleRNN: () => ({ units: 3, return_sequences: true }),
  GRU: () => ({ units: 3 }),
  LSTM: () => ({ units: 3, return_sequences: true }),
  RepeatVector: () => ({ n: 2 }),
  Reshape: () => ({ target_shape: [2, 2] }),
};
const PARAM_VALUES: Record<string, unknown[]> = {
  units: [1, 2, 3, 10, 16, 0, -1, 1.5, '8', null, 100_001, Number.NaN],
  activation: ['relu', 'softmax', 'linear', 'hard_sigmoid', 'tanh', 'gelu', 3],
  use_bias: [true, false, 'yes'],
  rate: [0, 0.2, 0.5, 0.99, 1, -0.5, Number.NaN, 'half'],
  shape: [[4], [10], [3, 5], [2, 3, 2], [2, 2, 2, 2], [], [0], [1, 2, 3, 4, 5, 6], 'x', [2.5]],
  filters: [1, 2, 4, 0, -3, 'f'],
  kernel_size: [1, 2, 3, [2, 2], [3, 1], 0, [0, 2], 'k'],
  strides: [1, 2, [1, 1], [2, 2], null, 0],
  pool_size: [1, 2, [2, 2], [3, 1], 0],
  padding: ['valid', 'same', 'full'],
  n: [1, 3, 0, -2],
  axis: [-1, 1, 2, 0, 7],
  input_dim: [5, 12, 0],
  output_dim: [2, 4, 0],
  input_length: [null, 3, 4, 0],
  return_sequences: [true, false, 'no'],
  target_shape: [[2, 2], [4], [2, 5], [3, -1], []],
  momentum: [0.9, 0.99, 2],
  epsilon: [0.001, 0, -1],
};
const VALID_SHAPES = [[4], [10], [3, 5], [2, 3, 2]];


function randomParams(rng: Rng, kind: string, tame: boolean, family = FAMILIES[0]!): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (tame) {
    if (kind === 'Input') params.shape = rng.pick(family === FAMILIES[0] ? VALID_SHAPES : family.shapes);
    if (family !== FAMILIES[0]) return kind === 'Input' ? params : (TAME_PARAMS[kind]?.() ?? {});
    if (kind === 'Dense') params.units = 1 + rng.int(12);
    if (kind === 'Dense' || kind === 'Activation') params.activation = rng.pick(PARAM_VALUES.activation!.slice(0, 5));
    if (kind === 'Dropout') params.rate = rng.pick([0, 0.2, 0.5]);
    return params;
  }
  for (const [key, values] of Object.entries(PARAM_VALUES)) {
    if (rng.chance(0.3)) params[key] = rng.pick(values);
  }
  return rng.chance(0.05) ? (rng.pick([null, 7, 'p']) as unknown as Record<string, unknown>) : params;
}

/**
 * Half "tame" graphs (a chain from an Input with sensible params, sometimes a
 * fan-out), half "wild" ones (any kind, any value, random edges incl. cycles,
 * self-loops, dangling ends and duplicate ids).
 */
function randomGraph(rng: Rng, caseIndex: number): Graph {
  const tame = rng.chance(0.5);
  const family = rng.chance(0.5) ? FAMILIES[0]! : rng.pick(FAMILIES.slice(1));
  const count = tame ? 2 + rng.int(5) : rng.int(8);
  const nodes: GraphNode[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i === 0 && (tame || rng.chance(0.8)) ? 'Input' : rng.pick(tame ? family.kinds : KINDS);
    const name = !tame && rng.chance(0.1) ? rng.pick(['x', 'bad name', 'dense_1', '']) : `${kind.toLowerCase()}_${caseIndex}_${i}`;
    const id = !tame && rng.chance(0.03) ? 'n0' : `n${i}`;
    nodes.push({ id, kind, name, params: randomParams(rng, kind, tame, family), position: { x: 0, y: i } });
  }
  const edges: GraphEdge[] = [];
  const ids = nodes.map((node) => node.id);
  if (tame || rng.chance(0.6)) for (let i = 1; i < ids.length; i++) edges.push({ id: `c${i}`, source: ids[i - 1]!, target: ids[i]! });
  if (tame && ids.length > 2 && rng.chance(0.3)) {
    // A second head hanging off an earlier layer; Dense only fits a flat family (it takes rank 2 only).
    const head = family === FAMILIES[0] ? { kind: 'Dense', params: { units: 3 } } : { kind: 'Dropout', params: {} };
    nodes.push({ id: 'head', ...head, name: `head_${caseIndex}`, position: { x: 1, y: 0 } });
    edges.push({ id: 'fan', source: ids[1 + rng.int(ids.length - 2)]!, target: 'head' });
  }
  const extra = tame ? 0 : rng.int(4);
  for (let i = 0; i < extra && ids.length > 0; i++) {
    const source = rng.chance(0.05) ? 'ghost' : rng.pick(ids);
    const target = rng.chance(0.05) ? 'ghost' : rng.pick(ids);
    edges.push({ id: rng.chance(0.05) ? 'c1' : `e${i}`, source, target });
  }
  if (rng.chance(0.5)) nodes.reverse();
  return { nodes, edges };
}

let fixIds = 0;
const newFixId = (prefix: string) => `${prefix}_fix${(fixIds += 1)}`;

/** A fix applies without throwing, and its node no longer has the error it was offered for. */
function expectFixToWork(graph: Graph, issue: GraphIssue, fix: GraphFix, targetShapes: Shape[] | undefined, context: string) {
  const applied = applyFix(graph, fix, newFixId);
  expect(applied.ok, context).toBe(true);
  if (!applied.ok) return;
  const after = analyzeGraph(applied.graph, { targetShapes });
  const stillThere = after.issues.filter((other) => other.nodeId === issue.nodeId).map((other) => other.message);
  expect(stillThere, `${context}\nfix: ${JSON.stringify(fix)}`).not.toContain(issue.message);
  expect(after.issues.some((other) => other.message.startsWith(INTERNAL_ERROR_PREFIX)), context).toBe(false);
}

const TARGETS: (Shape[] | undefined)[] = [undefined, [[null, 10]], [[null, 3]], [[null, 10], [null, 4]], []];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('fuzz: 2000 random graphs', () => {
  it('analyse and compile without throwing, every issue points at a node or edge, and every offered fix works', async () => {
    const rng = prng(20240601);
    let compiled = 0;
    const builtKinds = new Set<string>();
    let rejected = 0;
    const fixKinds = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const graph = randomGraph(rng, i);
      const targetShapes = rng.pick(TARGETS);
      const context = JSON.stringify({ i, graph, targetShapes });
      const analysis = analyzeGraph(graph, { targetShapes });
      const result = compileGraph(graph, { targetShapes });
      const nodeIds = new Set(graph.nodes.map((node) => node.id));
      const edgeIds = new Set(graph.edges.map((edge) => edge.id));
      for (const issue of analysis.issues) {
        expect(issue.message.startsWith(INTERNAL_ERROR_PREFIX), context).toBe(false);
        if (graph.nodes.length > 0) expect(issue.nodeId ?? issue.edgeId, context).toBeDefined();
        if (issue.nodeId !== undefined) expect(nodeIds.has(issue.nodeId), context).toBe(true);
        if (issue.edgeId !== undefined) expect(edgeIds.has(issue.edgeId), context).toBe(true);
        expect(issue.message.length, context).toBeGreaterThan(10);
        for (const fix of issue.fixes ?? []) {
          fixKinds.add(`${fix.type} ${fix.layer.kind}`);
          expectFixToWork(graph, issue, fix, targetShapes, context);
        }
      }
      for (const id of nodeIds) expect(analysis.nodeShapes[id] === undefined, context).toBe(false);
      const errors = analysis.issues.filter((issue) => issue.severity === 'error');
      if (result.ok) {
        compiled += 1;
        for (const node of graph.nodes) builtKinds.add(node.kind);
        expect(errors, context).toEqual([]);
        const model = await tf.models.modelFromJSON({
          modelTopology: JSON.parse(JSON.stringify(result.modelTopology)),
        } as tf.io.ModelJSON);
        expect(model.outputs.map((o) => o.shape), context).toEqual(analysis.outputs.map((id) => analysis.nodeShapes[id]));
        model.dispose();
      } else {
        rejected += 1;
        expect(result.issues.length, context).toBeGreaterThan(0);
        expect(result.issues, context).toEqual(errors);
      }
    }
    // The property is only meaningful if both outcomes happen often.
    console.info(`fuzz: ${compiled} compiled and built, ${rejected} rejected; built kinds: ${[...builtKinds].sort().join(', ')}`);
    // The new layers really reached tfjs, not only the core ones.
    for (const kind of ['Conv1D', 'Conv2D', 'GRU', 'LSTM', 'SimpleRNN', 'MaxPooling2D', 'GlobalAveragePooling1D', 'RepeatVector']) {
      expect(builtKinds.has(kind), kind).toBe(true);
    }
    expect(compiled).toBeGreaterThan(200);
    // Each kind of fix was offered (and checked) somewhere.
    console.info(`fuzz: fixes offered: ${[...fixKinds].sort().join(', ')}`);
    expect([...fixKinds].sort()).toEqual(['insert Flatten', 'insert RepeatVector', 'insert Reshape', 'replace TimeDistributed']);
    expect(rejected).toBeGreaterThan(200);
  });
});
