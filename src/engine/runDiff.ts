import type { Graph, GraphNode } from './graph';
import type { TrainingSettings } from './training';

/** One value that differs: a dotted path (`optimizer.learningRate`, `units`) and both sides (undefined: absent). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface LayerRef {
  name: string;
  kind: string;
}

/** A layer present in both graphs (matched by its Keras name) whose kind or parameters differ. */
export interface LayerChange {
  name: string;
  kind: string;
  changes: FieldChange[];
}

export interface GraphDiff {
  added: LayerRef[];
  removed: LayerRef[];
  changed: LayerChange[];
  /** Connections as `source → target` by layer name. */
  connectionsAdded: string[];
  connectionsRemoved: string[];
}

export interface RunDiff {
  graph: GraphDiff;
  settings: FieldChange[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves of a value by dotted path; arrays stay whole (a shape `[28, 28, 1]` is one value). */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

/** Deep equality for JSON-like values (the key order of objects does not matter). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return Object.is(a, b);
}

/**
 * Field-by-field differences of two JSON-like objects, in the order the
 * fields first appear. A field set to null on one side and missing on the
 * other is a change: null means something in settings (no limit, off).
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => !sameValue(a.get(p), b.get(p))).map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

function connections(graph: Graph): Set<string> {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return new Set(graph.edges.map((e) => `${names.get(e.source) ?? e.source} → ${names.get(e.target) ?? e.target}`));
}

const ref = (node: GraphNode): LayerRef => ({ name: node.name, kind: node.kind });

/**
 * Layers are matched by name, as Keras names them (`dense_1`): node ids
 * differ between projects made from different templates, names are what the
 * user sees. A layer renamed shows as removed and added.
 */
export function diffGraphs(before: Graph, after: Graph): GraphDiff {
  const oldByName = new Map(before.nodes.map((n) => [n.name, n]));
  const newByName = new Map(after.nodes.map((n) => [n.name, n]));
  const changed: LayerChange[] = [];
  for (const node of after.nodes) {
    const old = oldByName.get(node.name);
    if (!old) continue;
    const changes = [...(old.kind === node.kind ? [] : [{ path: 'kind', before: old.kind, after: node.kind }]), ...diffFields(old.params, node.params)];
    if (changes.length > 0) changed.push({ name: node.name, kind: node.kind, changes });
  }
  const oldConnections = connections(before);
  const newConnections = connections(after);
  return {
    added: after.nodes.filter((n) => !oldByName.has(n.name)).map(ref),
    removed: before.nodes.filter((n) => !newByName.has(n.name)).map(ref),
    changed,
    connectionsAdded: [...newConnections].filter((c) => !oldConnections.has(c)),
    connectionsRemoved: [...oldConnections].filter((c) => !newConnections.has(c)),
  };
}

/** What changed from one run to another: its graph as trained and its training settings. */
export function diffRuns(before: { graph: Graph; settings: TrainingSettings }, after: { graph: Graph; settings: TrainingSettings }): RunDiff {
  return { graph: diffGraphs(before.graph, after.graph), settings: diffFields(before.settings, after.settings) };
}

export function isEmptyDiff(diff: RunDiff): boolean {
  const g = diff.graph;
  return g.added.length + g.removed.length + g.changed.length + g.connectionsAdded.length + g.connectionsRemoved.length + diff.settings.length === 0;
}

/** A changed value as the diff shows it: absent as "—", text as is, anything else as JSON. */
export function formatDiffValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
