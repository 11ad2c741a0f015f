import type { z } from 'zod';
import type { Graph, GraphEdge, GraphNode } from '../graph';
import * as registry from '../layers/registry';
import type { ParseParamsResult } from '../layers/registry';
import { isValidLayerName, nextLayerName } from '../names';
import {
  DEFAULT_LEARNING_RATE,
  OPTIMIZERS,
  OptimizerSchema,
  TrainingSettingsSchema,
  defaultTrainingSettings,
  type TrainingSettings,
} from '../training';
import { ProjectFileError } from './container';
import { kerasSnakeCase, migrateProject, ProjectMigrationError } from './migrations';
import { ProjectSchema, RunRecordSchema, ViewportSchema, type Project, type RunRecord } from './schema';
import type { StoredWeights } from './weights';

/**
 * Turns an untrusted project document (any version) into a valid Project.
 * Nothing in the file is trusted: after migration every part is checked, what
 * can be repaired is repaired, what cannot is dropped, and each change is
 * reported as one sentence that names the node, edge, run or field.
 *
 * Pure: no node builtins, no DOM.
 */

/** What restore needs to know about layer kinds; the layer registry is one. */
export interface LayerCatalog {
  /** undefined for kinds LayerLab does not know. */
  getLayerSpec(kind: string): { namePrefix: string } | undefined;
  /** Params with defaults filled in, or the issues, each naming its top-level field. */
  parseParams(kind: string, raw: unknown): ParseParamsResult;
}

export interface RestoreOptions {
  /** Layer kinds for checking node params: the layer registry unless given; null checks none. */
  layers?: LayerCatalog | null;
  /**
   * Weights found in the file, by run id. When given, a run that claims
   * weights not in this map is kept with `hasWeights: false`.
   */
  weights?: ReadonlyMap<string, StoredWeights>;
  /** Clock for timestamps that are missing; defaults to now. */
  now?: () => Date;
}

export interface RestoreResult {
  project: Project;
  /** One sentence per repair, for people. Empty when the file was sound. */
  problems: string[];
  /** Names of the migrations that brought the document to the current version. */
  migrations: string[];
}

const REGISTRY: LayerCatalog = { getLayerSpec: registry.getLayerSpec, parseParams: registry.parseParams };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value in a problem sentence: short and unambiguous. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `training` + `['optimizer', 'learningRate']` → `training.optimizer.learningRate`; indices as `[2]`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** One zod issue as `path: message`, e.g. `training.batchSize: expected int, received number`. */
export function formatZodIssue(issue: z.core.$ZodIssue, prefix = ''): string {
  const message = issue.message.replace(/^Invalid input: /, '');
  const path = formatPath(prefix, issue.path);
  return path ? `${path}: ${message}` : message;
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix = '', max = 3): string {
  const shown = issues.slice(0, max).map((i) => formatZodIssue(i, prefix));
  if (issues.length > max) shown.push(`and ${issues.length - max} more`);
  return shown.join('; ');
}

function uniqueName(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  taken.add(key);
  return key;
}

function lookupSpec(catalog: LayerCatalog | null, kind: string): { known: boolean | null; namePrefix?: string } {
  if (!catalog) return { known: null };
  try {
    const spec = catalog.getLayerSpec(kind);
    return spec ? { known: true, namePrefix: spec.namePrefix } : { known: false };
  } catch {
    return { known: false };
  }
}

// --- params -------------------------------------------------------------------

/**
 * Checks params through the catalog; each invalid field is reset to its
 * default (by removing it and parsing again), unknown fields are removed.
 */
function repairParams(
  catalog: LayerCatalog,
  kind: string,
  raw: Record<string, unknown>,
  label: string,
  problems: string[],
): Record<string, unknown> {
  const current: Record<string, unknown> = { ...raw };
  const reset: { key: string; why: string; was: unknown }[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = catalog.parseParams(kind, current);
    if (r.ok) {
      const out = r.params;
      for (const { key, why, was } of reset) {
        const now = key in out ? `the default ${show(out[key])}` : 'its default';
        const wasText = why.includes('(got ') ? '' : ` (was ${show(was)})`;
        problems.push(`${label}: ${why}${wasText}; reset to ${now}.`);
      }
      for (const key of Object.keys(current)) {
        if (!(key in out)) problems.push(`${label}: unknown param "${key}" was removed.`);
      }
      return out;
    }
    let progress = false;
    for (const issue of r.issues) {
      if (issue.field !== '' && issue.field in current) {
        reset.push({ key: issue.field, why: issue.message, was: current[issue.field] });
        delete current[issue.field];
        progress = true;
      }
    }
    if (!progress) break;
  }
  const defaults = catalog.parseParams(kind, {});
  if (defaults.ok) {
    problems.push(`${label}: params ${show(raw)} could not be repaired field by field; all reset to defaults.`);
    return defaults.params;
  }
  problems.push(`${label}: params ${show(raw)} are invalid and have no defaults; kept as they are.`);
  return raw;
}

// --- graph --------------------------------------------------------------------

export function repairGraph(
  raw: unknown,
  prefix: string,
  catalog: LayerCatalog | null,
  problems: string[],
): Graph {
  if (!isRecord(raw)) {
    problems.push(`${prefix}: missing or not an object; the project starts with an empty graph.`);
    return { nodes: [], edges: [] };
  }

  // Nodes, first pass: ids, kinds, params, positions.
  let rawNodes: unknown[] = [];
  if (Array.isArray(raw.nodes)) rawNodes = raw.nodes;
  else problems.push(`${prefix}.nodes: missing or not a list; no layers were kept.`);

  type Draft = Omit<GraphNode, 'name'> & { rawName: unknown };
  const drafts: Draft[] = [];
  const ids = new Set<string>();
  rawNodes.forEach((n, i) => {
    const where = `${prefix}.nodes[${i}]`;
    if (!isRecord(n)) {
      problems.push(`${where} is not a layer object (${show(n)}); dropped.`);
      return;
    }
    const rawName = n.name;
    const nameHint = typeof rawName === 'string' && rawName ? ` (${rawName})` : '';
    const rawId = typeof n.id === 'number' && Number.isFinite(n.id) ? String(n.id) : n.id;
    let id: string;
    if (typeof rawId !== 'string' || rawId === '') {
      id = uniqueName(`node_${i + 1}`, ids);
      problems.push(`Layer ${where}${nameHint}: id ${show(n.id)} is not valid; given the id "${id}".`);
    } else if (ids.has(rawId)) {
      id = uniqueName(rawId, ids);
      problems.push(`Layer "${rawId}"${nameHint}: duplicate id; the second one was given the id "${id}".`);
    } else {
      id = rawId;
      ids.add(id);
    }
    const label = `Layer "${id}"${nameHint}`;

    const kind = n.kind;
    if (typeof kind !== 'string' || kind === '') {
      problems.push(`${label}: layer kind ${show(kind)} is not valid; the layer was dropped.`);
      ids.delete(id);
      return;
    }

    let params: Record<string, unknown>;
    if (isRecord(n.params)) params = n.params;
    else {
      if (n.params !== undefined) problems.push(`${label}: params ${show(n.params)} are not an object; reset to defaults.`);
      else problems.push(`${label}: params are missing; reset to defaults.`);
      params = {};
    }
    const { known } = lookupSpec(catalog, kind);
    if (known === false) {
      problems.push(`${label}: unknown layer kind "${kind}"; kept as it is, but it cannot be trained until replaced.`);
    } else if (known && catalog) {
      params = repairParams(catalog, kind, params, label, problems);
    }

    const pos = n.position;
    let position = { x: 0, y: 0 };
    const px = isRecord(pos) ? pos.x : undefined;
    const py = isRecord(pos) ? pos.y : undefined;
    if (typeof px === 'number' && Number.isFinite(px) && typeof py === 'number' && Number.isFinite(py)) {
      position = { x: px, y: py };
    } else {
      position = { x: 0, y: 120 * drafts.length };
      problems.push(
        `${label}: position ${show(pos)} is not two finite numbers; moved to (${position.x}, ${position.y}).`,
      );
    }
    drafts.push({ id, kind, params, position, rawName });
  });

  // Nodes, second pass: unique, valid Keras names. The first holder keeps a name.
  const names = new Set<string>();
  const keepsName = drafts.map((d) => {
    if (typeof d.rawName === 'string' && isValidLayerName(d.rawName) && !names.has(d.rawName)) {
      names.add(d.rawName);
      return true;
    }
    return false;
  });
  const nodes: GraphNode[] = drafts.map((d, i) => {
    const { rawName, ...rest } = d;
    if (keepsName[i]) return { ...rest, name: rawName as string };
    const prefixName = lookupSpec(catalog, d.kind).namePrefix ?? kerasSnakeCase(d.kind);
    const duplicate = typeof rawName === 'string' && names.has(rawName);
    const name = nextLayerName(prefixName, names);
    names.add(name);
    if (duplicate) {
      problems.push(`Layer "${d.id}": the name "${rawName}" is already used by another layer; renamed to "${name}".`);
    } else {
      problems.push(`Layer "${d.id}": name ${show(rawName)} is not a valid layer name; named "${name}".`);
    }
    return { ...rest, name };
  });

  // Edges.
  let rawEdges: unknown[] = [];
  if (Array.isArray(raw.edges)) rawEdges = raw.edges;
  else problems.push(`${prefix}.edges: missing or not a list; no connections were kept.`);
  const nodeIds = new Set(nodes.map((n) => n.id));
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  const edges: GraphEdge[] = [];
  rawEdges.forEach((e, i) => {
    const where = `${prefix}.edges[${i}]`;
    if (!isRecord(e)) {
      problems.push(`${where} is not a connection object (${show(e)}); dropped.`);
      return;
    }
    const edgeLabel = `Connection ${typeof e.id === 'string' && e.id ? `"${e.id}"` : where} (${show(e.source)} → ${show(e.target)})`;
    const { source, target } = e;
    if (typeof source !== 'string' || typeof target !== 'string') {
      problems.push(`${edgeLabel}: source and target must be layer ids; dropped.`);
      return;
    }
    if (!nodeIds.has(source)) {
      problems.push(`${edgeLabel}: source layer "${source}" does not exist; dropped.`);
      return;
    }
    if (!nodeIds.has(target)) {
      problems.push(`${edgeLabel}: target layer "${target}" does not exist; dropped.`);
      return;
    }
    if (source === target) {
      problems.push(`${edgeLabel}: connects layer "${source}" to itself; dropped.`);
      return;
    }
    const pair = JSON.stringify([source, target]);
    if (pairs.has(pair)) {
      problems.push(`${edgeLabel}: duplicates another connection from "${source}" to "${target}"; dropped.`);
      return;
    }
    pairs.add(pair);
    let id = e.id;
    if (typeof id !== 'string' || id === '') {
      id = uniqueName(`e_${source}_${target}`, edgeIds);
      problems.push(`${edgeLabel}: id ${show(e.id)} is not valid; given the id "${String(id)}".`);
    } else if (edgeIds.has(id)) {
      const fresh = uniqueName(id, edgeIds);
      problems.push(`${edgeLabel}: duplicate id; given the id "${fresh}".`);
      id = fresh;
    } else {
      edgeIds.add(id);
    }
    edges.push({ id: id as string, source, target });
  });

  return { nodes, edges };
}

// --- training settings ----------------------------------------------------------

export function repairTraining(raw: unknown, prefix: string, problems: string[]): TrainingSettings {
  const defaults = defaultTrainingSettings();
  if (!isRecord(raw)) {
    problems.push(`${prefix}: missing or not an object; default training settings used.`);
    return defaults;
  }
  const out: Record<string, unknown> = {};
  const shape = TrainingSettingsSchema.shape;
  for (const key of Object.keys(shape) as (keyof TrainingSettings)[]) {
    const value = raw[key];
    const def = defaults[key];
    const where = `${prefix}.${key}`;
    if (value === undefined) {
      problems.push(`${where}: missing; set to the default ${show(def)}.`);
      out[key] = def;
      continue;
    }
    if (key === 'optimizer') {
      out[key] = repairOptimizer(value, where, problems);
      continue;
    }
    const r = shape[key].safeParse(value);
    if (r.success) out[key] = r.data;
    else {
      const issue = r.error.issues[0];
      const why = issue ? formatZodIssue(issue) : 'invalid';
      problems.push(`${where}: ${why} (was ${show(value)}); reset to the default ${show(def)}.`);
      out[key] = def;
    }
  }
  return TrainingSettingsSchema.parse(out);
}

function repairOptimizer(value: unknown, where: string, problems: string[]): TrainingSettings['optimizer'] {
  const def = defaultTrainingSettings().optimizer;
  const r = OptimizerSchema.safeParse(value);
  if (r.success) return r.data;
  const kind = isRecord(value) ? value.kind : undefined;
  if (!(OPTIMIZERS as readonly unknown[]).includes(kind)) {
    problems.push(`${where}.kind: ${show(kind)} is not one of ${OPTIMIZERS.join(', ')}; reset to the default ${show(def)}.`);
    return def;
  }
  const k = kind as TrainingSettings['optimizer']['kind'];
  const lr = isRecord(value) ? value.learningRate : undefined;
  // rho and epsilon fall back to Keras 1's defaults (null) one by one; valid ones are kept.
  const hyper: Record<string, unknown> = {};
  for (const field of ['rho', 'epsilon'] as const) {
    const given = isRecord(value) ? value[field] : undefined;
    const issue = r.error.issues.find((i) => i.path[0] === field);
    if (issue) problems.push(`${where}.${field}: ${formatZodIssue({ ...issue, path: [] })}; reset to Keras 1's default for ${k}.`);
    else if (given !== undefined) hyper[field] = given;
  }
  const lrIssue = r.error.issues.find((i) => i.path[0] === 'learningRate');
  if (!lrIssue) return OptimizerSchema.parse({ kind: k, learningRate: lr, ...hyper });
  const fallback = DEFAULT_LEARNING_RATE[k];
  if (lr === undefined) {
    problems.push(`${where}.learningRate: missing; set to ${k}'s default ${fallback}.`);
  } else {
    const why = formatZodIssue({ ...lrIssue, path: [] });
    problems.push(`${where}.learningRate: ${why} (was ${show(lr)}); reset to ${k}'s default ${fallback}.`);
  }
  return OptimizerSchema.parse({ kind: k, learningRate: fallback, ...hyper });
}

// --- runs ---------------------------------------------------------------------------

function runLabel(raw: unknown, index: number): string {
  if (!isRecord(raw)) return `Run runs[${index}]`;
  const id = typeof raw.id === 'string' && raw.id ? `"${raw.id}"` : `runs[${index}]`;
  const name = typeof raw.name === 'string' && raw.name ? ` (${raw.name})` : '';
  return `Run ${id}${name}`;
}

/** Removes metric values JSON could not carry (NaN and Infinity come back as null). */
function scrubMetrics(run: Record<string, unknown>, label: string, problems: string[]): Record<string, unknown> {
  if (!Array.isArray(run.epochs)) return run;
  let dropped = 0;
  const epochs = run.epochs.map((e: unknown) => {
    if (!isRecord(e) || !isRecord(e.metrics)) return e;
    const metrics: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.metrics)) {
      if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
      else dropped++;
    }
    return { ...e, metrics };
  });
  if (dropped > 0) {
    problems.push(`${label}: ${dropped} epoch metric value(s) were not finite numbers and were removed.`);
  }
  return { ...run, epochs };
}

export function repairRuns(
  raw: unknown,
  prefix: string,
  weights: ReadonlyMap<string, StoredWeights> | undefined,
  problems: string[],
): RunRecord[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${prefix}: not a list (${show(raw)}); no runs were kept.`);
    return [];
  }
  const runs: RunRecord[] = [];
  const ids = new Set<string>();
  raw.forEach((r, i) => {
    const label = runLabel(r, i);
    if (!isRecord(r)) {
      problems.push(`${label}: not a run object (${show(r)}); dropped.`);
      return;
    }
    const candidate = scrubMetrics(r, label, problems);
    const parsed = RunRecordSchema.safeParse(candidate);
    if (!parsed.success) {
      problems.push(`${label}: damaged, dropped (${formatZodIssues(parsed.error.issues, `${prefix}[${i}]`)}).`);
      return;
    }
    const run = parsed.data;
    if (ids.has(run.id)) {
      problems.push(`${label}: another run has the same id; this copy was dropped.`);
      return;
    }
    ids.add(run.id);
    if (run.hasWeights && weights && !weights.has(run.id)) {
      problems.push(`${label}: its trained weights are missing or damaged in the file; kept without weights.`);
      run.hasWeights = false;
    }
    if (weights) {
      const missing = run.checkpoints.filter((c) => !weights.has(c.id));
      if (missing.length > 0) {
        problems.push(`${label}: the weights of ${missing.length} checkpoint(s) (${missing.map((c) => `epoch ${c.epoch}`).join(', ')}) are missing in the file; they were dropped.`);
        run.checkpoints = run.checkpoints.filter((c) => weights.has(c.id));
      }
    }
    runs.push(run);
  });
  return runs;
}

// --- project ---------------------------------------------------------------------------

function nameFromFile(fileLabel: string): string {
  const base = fileLabel.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]*$/, '').trim() || 'Untitled';
}

/**
 * Migrates and repairs a parsed project document. Throws ProjectFileError
 * (naming `fileLabel`) only when the document is not a project at all.
 */
export function restoreProject(raw: unknown, fileLabel: string, options: RestoreOptions = {}): RestoreResult {
  let doc: Record<string, unknown>;
  let migrations: string[];
  try {
    ({ doc, applied: migrations } = migrateProject(raw));
  } catch (err) {
    if (err instanceof ProjectMigrationError) throw new ProjectFileError(fileLabel, err.message);
    throw err;
  }
  const catalog = options.layers === undefined ? REGISTRY : options.layers;
  const now = (options.now ?? (() => new Date()))().toISOString();
  const problems: string[] = [];

  let name = doc.name;
  if (typeof name !== 'string' || name.trim() === '') {
    const fallback = nameFromFile(fileLabel);
    problems.push(`name: ${show(name)} is not a valid project name; named "${fallback}" after the file.`);
    name = fallback;
  }

  let template = doc.template;
  if (template !== null && typeof template !== 'string') {
    if (template !== undefined) problems.push(`template: ${show(template)} is not a template id; cleared.`);
    template = null;
  }

  const stamp = (key: 'createdAt' | 'updatedAt'): string => {
    const v = doc[key];
    if (typeof v === 'string' && v !== '') return v;
    problems.push(`${key}: ${show(v)} is not a timestamp; set to now.`);
    return now;
  };
  const createdAt = stamp('createdAt');
  const updatedAt = stamp('updatedAt');

  const graph = repairGraph(doc.graph, 'graph', catalog, problems);
  const training = repairTraining(doc.training, 'training', problems);
  const runs = repairRuns(doc.runs, 'runs', options.weights, problems);

  let viewport: Project['viewport'] = null;
  if (doc.viewport !== undefined && doc.viewport !== null) {
    const v = ViewportSchema.safeParse(doc.viewport);
    if (v.success) viewport = v.data;
    else problems.push(`${formatZodIssues(v.error.issues, 'viewport')}; reset to fit the graph.`);
  }

  const result = ProjectSchema.safeParse({
    format: doc.format,
    version: doc.version,
    name,
    template,
    createdAt,
    updatedAt,
    graph,
    training,
    runs,
    viewport,
  });
  if (!result.success) {
    // Every field above was checked on its own; reaching here is a LayerLab bug.
    throw new ProjectFileError(fileLabel, `the project could not be repaired (${formatZodIssues(result.error.issues)})`);
  }
  return { project: result.data, problems, migrations };
}
