import type { GraphFix } from './fixes';
import { shapeFixesFor } from './fixSuggestions';
import type { Graph, GraphEdge, GraphNode } from './graph';
import { getLayerSpec, parseParams, type AnyLayerSpec } from './layers/registry';
import { isValidLayerName } from './names';
import { formatShape, type Shape } from './shape';

export interface GraphIssue {
  severity: 'error' | 'warning';
  /** The layer that causes the issue (absent only for graph-wide issues such as an empty model). */
  nodeId?: string;
  /** The connection that causes the issue. */
  edgeId?: string;
  /** The param key at fault, e.g. `units`, or `name`. */
  field?: string;
  message: string;
  /** One-click repairs, best first; absent when none applies. */
  fixes?: GraphFix[];
}

export interface AnalyzeOptions {
  /** One label shape per dataset target, batch included, e.g. `[null, 10]`. */
  targetShapes?: readonly Shape[];
}

export interface GraphAnalysis {
  /** Topological order of every node not on (or downstream of) a cycle; ties keep graph order. */
  order: string[];
  /** Output shape per node; null when it cannot be known (the node or something upstream is broken). */
  nodeShapes: Record<string, Shape | null>;
  /** Shape carried by each connection; null when unknown or the connection is ignored. */
  edgeShapes: Record<string, Shape | null>;
  issues: GraphIssue[];
  /** Input layers, in topological order. */
  inputs: string[];
  /** Model outputs: in target order when targetShapes matched, else sinks in topological order. */
  outputs: string[];
}

/** What the compiler needs on top of the public analysis. */
export interface DetailedAnalysis extends GraphAnalysis {
  nodes: Map<string, GraphNode>;
  specs: Map<string, AnyLayerSpec>;
  params: Map<string, Record<string, unknown>>;
  /** Source node ids of each node's valid incoming connections, in edge order. */
  inbound: Map<string, string[]>;
  /** The ids of those connections, parallel to `inbound`. */
  inboundEdges: Map<string, string[]>;
}

export const INTERNAL_ERROR_PREFIX = 'Internal error while checking the model:';

function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function emptyAnalysis(issues: GraphIssue[]): DetailedAnalysis {
  return {
    order: [],
    nodeShapes: record(),
    edgeShapes: record(),
    issues,
    inputs: [],
    outputs: [],
    nodes: new Map(),
    specs: new Map(),
    params: new Map(),
    inbound: new Map(),
    inboundEdges: new Map(),
  };
}

/** `Dense 'dense_2'`: how messages name a layer. */
export function layerLabel(node: Pick<GraphNode, 'kind' | 'name' | 'id'>): string {
  const kind = typeof node.kind === 'string' && node.kind !== '' ? node.kind : 'Layer';
  const name = typeof node.name === 'string' ? node.name : String(node.id);
  return `${kind} '${name}'`;
}

export function shapesCompatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** Strongly connected components that form cycles (size > 1, or a self-loop). Iterative Tarjan. */
function findCycles(ids: readonly string[], outgoing: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
  };
  for (const root of ids) {
    if (index.has(root)) continue;
    visit(root);
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const successors = outgoing.get(frame.id) ?? [];
      if (frame.next < successors.length) {
        const w = successors[frame.next]!;
        frame.next += 1;
        if (!index.has(w)) {
          visit(w);
          work.push({ id: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      if (component.length > 1 || successors.includes(frame.id)) cycles.push(component);
    }
  }
  return cycles;
}

/** Analyses a graph for the canvas and the compiler. Never throws. */
export function analyzeGraph(graph: Graph, opts: AnalyzeOptions = {}): GraphAnalysis {
  const { order, nodeShapes, edgeShapes, issues, inputs, outputs } = analyzeDetailed(graph, opts);
  return { order, nodeShapes, edgeShapes, issues, inputs, outputs };
}

export function analyzeDetailed(graph: Graph, opts: AnalyzeOptions = {}): DetailedAnalysis {
  try {
    return analyzeUnsafe(graph, opts);
  } catch (error) {
    return emptyAnalysis([{ severity: 'error', message: `${INTERNAL_ERROR_PREFIX} ${String(error)}` }]);
  }
}

function analyzeUnsafe(graph: Graph, opts: AnalyzeOptions): DetailedAnalysis {
  const result = emptyAnalysis([]);
  const { issues, nodes, specs, params, inbound, inboundEdges, nodeShapes, edgeShapes } = result;
  const error = (where: { nodeId?: string; edgeId?: string }, message: string, field?: string): GraphIssue => {
    const issue: GraphIssue = { severity: 'error', ...where, ...(field ? { field } : {}), message };
    issues.push(issue);
    return issue;
  };

  // Nodes: ids, kinds, params, names.
  const rawNodes: unknown[] = isObject(graph) && Array.isArray(graph.nodes) ? graph.nodes : [];
  for (const node of rawNodes) {
    if (!isObject(node) || typeof node.id !== 'string' || node.id === '') {
      issues.push({ severity: 'error', message: 'A layer without an id was ignored.' });
      continue;
    }
    const n = node as GraphNode;
    if (nodes.has(n.id)) {
      error({ nodeId: n.id }, `${layerLabel(n)}: another layer already uses the id '${n.id}'; this copy is ignored.`);
      continue;
    }
    nodes.set(n.id, n);
  }
  if (nodes.size === 0) {
    issues.push({ severity: 'error', message: 'The model is empty. Add an Input layer to start.' });
  }
  const ids = [...nodes.keys()];
  const position = new Map(ids.map((id, i) => [id, i]));
  const label = (id: string) => layerLabel(nodes.get(id)!);
  const broken = new Set<string>();
  const firstWithName = new Map<string, string>();
  for (const node of nodes.values()) {
    nodeShapes[node.id] = null;
    inbound.set(node.id, []);
    inboundEdges.set(node.id, []);
    const spec = getLayerSpec(node.kind);
    if (!spec) {
      error({ nodeId: node.id }, `${label(node.id)}: unknown layer type '${String(node.kind)}'. Delete it or replace it with a known layer.`);
      broken.add(node.id);
    } else {
      specs.set(node.id, spec);
      const parsed = parseParams(node.kind, node.params);
      if (parsed.ok) params.set(node.id, parsed.params);
      else {
        for (const p of parsed.issues) error({ nodeId: node.id }, `${label(node.id)}: ${p.message}.`, p.field || undefined);
        broken.add(node.id);
      }
    }
    if (typeof node.name !== 'string' || !isValidLayerName(node.name)) {
      error(
        { nodeId: node.id },
        `${label(node.id)}: the name may only use letters, digits, '_', '-' and '.', and must start with a letter or digit.`,
        'name',
      );
    } else if (firstWithName.has(node.name)) {
      error({ nodeId: node.id }, `${label(node.id)}: another layer is already named '${node.name}'. Layer names must be unique.`, 'name');
    } else firstWithName.set(node.name, node.id);
  }

  // Edges: drop the ones that cannot be followed.
  const rawEdges: unknown[] = isObject(graph) && Array.isArray(graph.edges) ? graph.edges : [];
  const edges: GraphEdge[] = [];
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  const pairs = new Set<string>();
  for (const raw of rawEdges) {
    if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') {
      issues.push({ severity: 'error', message: 'A connection without an id was ignored.' });
      continue;
    }
    const edge = raw as GraphEdge;
    if (edge.id in edgeShapes) {
      error({ edgeId: edge.id }, 'Another connection already uses this id; this copy is ignored.');
      continue;
    }
    edgeShapes[edge.id] = null;
    const missing = [edge.source, edge.target].filter((id) => typeof id !== 'string' || !nodes.has(id));
    if (missing.length > 0) {
      error({ edgeId: edge.id }, `This connection points to a layer that does not exist ('${missing.map(String).join("', '")}'). Delete the connection.`);
      continue;
    }
    const pair = JSON.stringify([edge.source, edge.target]);
    if (pairs.has(pair)) {
      issues.push({
        severity: 'warning',
        edgeId: edge.id,
        message: `This connection from ${label(edge.source)} to ${label(edge.target)} duplicates another one and is ignored.`,
      });
      continue;
    }
    pairs.add(pair);
    edges.push(edge);
    outgoing.get(edge.source)!.push(edge.target);
    inbound.get(edge.target)!.push(edge.source);
    inboundEdges.get(edge.target)!.push(edge.id);
  }

  // Cycles: every node on one gets the error.
  const onCycle = new Set<string>();
  for (const component of findCycles(ids, outgoing)) {
    component.sort((a, b) => position.get(a)! - position.get(b)!);
    for (const id of component) {
      onCycle.add(id);
      const others = component.filter((other) => other !== id).map((other) => `'${nodes.get(other)!.name}'`);
      const message =
        others.length === 0
          ? `${label(id)} is part of a cycle: it is connected to itself. Remove that connection.`
          : `${label(id)} is part of a cycle with ${others.join(', ')}. Data must flow one way; remove one of the connections in the loop.`;
      error({ nodeId: id }, message);
    }
  }

  // Connections per layer.
  const hasInputLayer = [...specs.values()].some((spec) => spec.arity.max === 0);
  for (const [id, spec] of specs) {
    const incoming = inbound.get(id)!.length;
    const { min, max } = spec.arity;
    if (!onCycle.has(id)) {
      let message: string | null = null;
      if (max === 0 && incoming > 0) {
        message = `${label(id)} cannot receive connections; it is where data enters the model. Remove the connection into it.`;
      } else if (incoming === 0 && min > 0) {
        message = hasInputLayer
          ? `${label(id)} has no input connected. Connect a layer to it.`
          : `${label(id)} has no input connected, and the model has no Input layer yet. Add an Input layer and connect it.`;
      } else if (incoming < min) {
        message = `${label(id)} needs ${min} inputs but has ${incoming} connected.`;
      } else if (incoming > max) {
        message = `${label(id)} has ${incoming} inputs connected but takes only ${max}. Remove the extra connections.`;
      }
      if (message) {
        error({ nodeId: id }, message);
        broken.add(id);
      }
    }
    if (max === 0 && outgoing.get(id)!.length === 0) {
      error({ nodeId: id }, `${label(id)} is not connected to anything, so the model has no output. Connect it to the first layer of the model.`);
    }
  }

  // Topological order (Kahn), lowest graph position first among ready nodes.
  const pending = new Map(ids.map((id) => [id, inbound.get(id)!.length]));
  const ready = ids.filter((id) => pending.get(id) === 0);
  while (ready.length > 0) {
    const id = ready.shift()!;
    result.order.push(id);
    for (const target of outgoing.get(id)!) {
      const left = pending.get(target)! - 1;
      pending.set(target, left);
      if (left === 0) {
        const at = ready.findIndex((other) => position.get(other)! > position.get(target)!);
        ready.splice(at === -1 ? ready.length : at, 0, target);
      }
    }
  }

  // Shapes, silently null downstream of anything broken.
  const shapeErrors: GraphIssue[] = [];
  for (const id of result.order) {
    const spec = specs.get(id);
    const p = params.get(id);
    if (!spec || !p || broken.has(id)) continue;
    const inputs = inbound.get(id)!.map((source) => nodeShapes[source] ?? null);
    if (inputs.some((shape) => shape === null)) continue;
    let shape: ReturnType<AnyLayerSpec['inferShape']>;
    try {
      shape = spec.inferShape(inputs as Shape[], p);
    } catch (cause) {
      shape = { ok: false, message: `could not work out the output shape (${String(cause)})` };
    }
    if (shape.ok) nodeShapes[id] = shape.shape;
    else {
      // Merges: say which layer is the 1st, 2nd, … input (the order of the connections).
      const sources = inbound.get(id)!;
      const order =
        sources.length > 1 ? ` The inputs, in connection order, are ${sources.map((s) => `'${nodes.get(s)!.name}'`).join(', ')}.` : '';
      shapeErrors.push(error({ nodeId: id }, `${label(id)}: ${shape.message}${order}`));
    }
  }
  for (const edge of edges) edgeShapes[edge.id] = nodeShapes[edge.source] ?? null;
  // Once every shape is known: a fix may depend on a branch that comes later in the order.
  for (const issue of shapeErrors) {
    const fixes = shapeFixesFor(issue.nodeId!, result);
    if (fixes.length > 0) issue.fixes = fixes;
  }

  result.inputs = result.order.filter((id) => specs.get(id)?.arity.max === 0);
  const sinks = result.order.filter((id) => outgoing.get(id)!.length === 0 && specs.get(id)?.arity.max !== 0);
  result.outputs = sinks;

  // Dataset targets, only once every output is known (no cascade behind broken layers).
  const targets = opts?.targetShapes;
  const settled = result.order.length === nodes.size && sinks.every((id) => nodeShapes[id] !== null);
  if (Array.isArray(targets) && targets.length > 0 && sinks.length > 0 && settled) {
    result.outputs = matchTargets(sinks, targets, (id) => nodeShapes[id]!, {
      nodes,
      error,
      label,
    });
  }
  return result;
}

interface MatchContext {
  nodes: Map<string, GraphNode>;
  error: (where: { nodeId: string }, message: string, field?: string) => void;
  label: (id: string) => string;
}

/** Pairs sinks with targets (shape-compatible first) and reports extra sinks and mismatches. */
function matchTargets(
  sinks: readonly string[],
  targets: readonly Shape[],
  shapeOf: (id: string) => Shape,
  { nodes, error, label }: MatchContext,
): string[] {
  const assigned: (string | undefined)[] = targets.map(() => undefined);
  const used = new Set<string>();
  targets.forEach((target, i) => {
    const id = sinks.find((sink) => !used.has(sink) && shapesCompatible(shapeOf(sink), target));
    if (id !== undefined) {
      assigned[i] = id;
      used.add(id);
    }
  });
  const count = `${targets.length} target${targets.length === 1 ? '' : 's'}`;
  targets.forEach((target, i) => {
    if (assigned[i] !== undefined) return;
    const id = sinks.find((sink) => !used.has(sink));
    if (id === undefined) return;
    assigned[i] = id;
    used.add(id);
    const shape = shapeOf(id);
    const node = nodes.get(id)!;
    let hint = '';
    let field: string | undefined;
    const last = target[target.length - 1];
    const sameExceptLast = shape.length === target.length && shapesCompatible(shape.slice(0, -1), target.slice(0, -1));
    if (sameExceptLast && typeof last === 'number') {
      if (node.kind === 'Dense') {
        hint = ` Set Units to ${last}.`;
        field = 'units';
      } else hint = ` End the model with a Dense layer of ${last} units.`;
    }
    error({ nodeId: id }, `Output '${node.name}' produces ${formatShape(shape)} but the dataset's labels are ${formatShape(target)}.${hint}`, field);
  });
  for (const sink of sinks) {
    if (used.has(sink)) continue;
    error({ nodeId: sink }, `${label(sink)}: output is not connected to anything, but the dataset has ${count}. Connect it to another layer or delete it.`);
  }
  if (sinks.length < targets.length) {
    const outputs = `${sinks.length} output${sinks.length === 1 ? '' : 's'}`;
    for (const sink of sinks) {
      error({ nodeId: sink }, `${label(sink)}: the model has ${outputs} but the dataset has ${count}.`);
    }
  }
  return assigned.filter((id): id is string => id !== undefined);
}
