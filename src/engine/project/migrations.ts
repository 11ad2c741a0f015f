import { DEFAULT_LEARNING_RATE, OPTIMIZERS } from '../training';
import { CURRENT_PROJECT_VERSION, PROJECT_FORMAT } from './schema';

/**
 * Project document migrations: an ordered list of named steps, each taking a
 * document of version `from` to version `to` (the tldraw / excalidraw way).
 * `migrateProject` runs every step the document needs and says which ran.
 *
 * Migrations only reshape; they do not judge. Whatever is still wrong after
 * the last step (a bad batch size, a dangling edge) is repaired and reported
 * by restore.ts.
 *
 * ## Version 0: the pre-release format
 *
 * Pre-release LayerLab saved a bare JSON object with no `format` and no
 * `version` field (a `"version": 0` is tolerated):
 *
 * ```json
 * {
 *   "name": "MNIST MLP",
 *   "saved": "2024-03-01T10:00:00.000Z",                 // optional
 *   "layers": [
 *     { "id": "l1", "type": "Input",   "config": { "shape": [784] },                      "x": 0, "y": 0 },
 *     { "id": "l2", "type": "Dense",   "config": { "units": 128, "activation": "relu" },  "x": 0, "y": 120 },
 *     { "id": "l3", "type": "Dropout", "config": { "rate": 0.2 },                         "x": 0, "y": 240 }
 *   ],
 *   "links": [{ "from": "l1", "to": "l2" }, { "from": "l2", "to": "l3" }],
 *   "training": {
 *     "dataset": "mnist",                                   // optional, mnist was the only one
 *     "epochs": 12, "batch_size": 128, "validation_split": 0.1,
 *     "optimizer": "adadelta", "lr": 1.0,                   // lr optional: Keras' default for the optimizer
 *     "loss": "categorical_crossentropy"
 *   },
 *   "history": [                                            // optional: past runs, one entry each
 *     {
 *       "name": "Run 1",                                    // optional
 *       "date": "2024-03-01T09:00:00.000Z",                 // when it started
 *       "finished": "2024-03-01T09:05:00.000Z",             // optional
 *       "stopped": false,                                   // optional: true if stopped early
 *       "loss": [0.3, 0.1], "acc": [0.9, 0.97],             // one value per epoch
 *       "val_loss": [0.2, 0.08], "val_acc": [0.94, 0.98],   // optional
 *       "test_loss": 0.07, "test_acc": 0.98                 // optional
 *     }
 *   ]
 * }
 * ```
 *
 * Layer ids were strings or numbers; layers had no names; `type` is the Keras
 * class name (LayerLab's v1 `kind`); `config` holds Keras' snake_case keys,
 * which are LayerLab's param keys too; weights were never saved.
 */

export type ProjectDoc = Record<string, unknown>;

export interface ProjectMigration {
  from: number;
  to: number;
  name: string;
  migrate(doc: ProjectDoc): ProjectDoc;
}

export interface MigrationResult {
  /** The document at CURRENT_PROJECT_VERSION, still unchecked. */
  doc: ProjectDoc;
  /** Names of the migrations that ran, oldest first. */
  applied: string[];
}

/** The document cannot be read as a project at all, whatever repairs restore might try. */
export class ProjectMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectMigrationError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keras' `to_snake_case`: `Dense` → `dense`, `BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`. */
export function kerasSnakeCase(className: string): string {
  const s = className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s.replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'layer';
}

function uniqueKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  taken.add(key);
  return key;
}

function numberArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function v0ToV1(doc: ProjectDoc): ProjectDoc {
  // --- graph ---------------------------------------------------------------
  const nameCounts = new Map<string, number>();
  const nodes = (Array.isArray(doc.layers) ? doc.layers : []).map((layer: unknown) => {
    if (!isRecord(layer)) return layer; // restore drops it and says so
    const kind = layer.type;
    const prefix = typeof kind === 'string' ? kerasSnakeCase(kind) : 'layer';
    const n = (nameCounts.get(prefix) ?? 0) + 1;
    nameCounts.set(prefix, n);
    const config = isRecord(layer.config) ? layer.config : {};
    // Keras' snake_case config keys are LayerLab's param keys too.
    const params: Record<string, unknown> = { ...config };
    return {
      id: typeof layer.id === 'number' ? String(layer.id) : layer.id,
      kind,
      name: `${prefix}_${n}`,
      params,
      position: { x: layer.x, y: layer.y },
    };
  });

  const edgeIds = new Set<string>();
  const edges = (Array.isArray(doc.links) ? doc.links : []).map((link: unknown) => {
    if (!isRecord(link)) return link;
    const source = typeof link.from === 'number' ? String(link.from) : link.from;
    const target = typeof link.to === 'number' ? String(link.to) : link.to;
    return { id: uniqueKey(`e_${String(source)}_${String(target)}`, edgeIds), source, target };
  });
  const graph = { nodes, edges };

  // --- training settings ---------------------------------------------------
  const t = isRecord(doc.training) ? doc.training : {};
  const training: Record<string, unknown> = {
    dataset: t.dataset ?? 'mnist',
    trainLimit: t.train_limit ?? null,
  };
  if ('epochs' in t) training.epochs = t.epochs;
  if ('batch_size' in t) training.batchSize = t.batch_size;
  if ('validation_split' in t) training.validationSplit = t.validation_split;
  if ('loss' in t) training.loss = t.loss;
  if ('optimizer' in t) {
    const kind = t.optimizer;
    const known = (OPTIMIZERS as readonly unknown[]).includes(kind);
    training.optimizer = {
      kind,
      learningRate: t.lr ?? (known ? DEFAULT_LEARNING_RATE[kind as (typeof OPTIMIZERS)[number]] : undefined),
    };
  }

  // --- history → runs --------------------------------------------------------
  // v0 recorded neither the settings nor the graph a run trained; the project's
  // own at save time are the best there is.
  const runIds = new Set<string>();
  const runs = (Array.isArray(doc.history) ? doc.history : []).map((h: unknown, i: number) => {
    if (!isRecord(h)) return h;
    const series: [string, unknown[]][] = (['loss', 'acc', 'val_loss', 'val_acc'] as const).map((k) => [
      k,
      numberArray(h[k]),
    ]);
    const epochCount = Math.max(0, ...series.map(([, a]) => a.length));
    const epochs = Array.from({ length: epochCount }, (_, e) => {
      const metrics: Record<string, unknown> = {};
      for (const [k, a] of series) if (e < a.length) metrics[k] = a[e];
      return { epoch: e + 1, metrics, durationMs: 0 };
    });
    const started = h.date ?? h.started;
    const hasTest = typeof h.test_loss === 'number';
    return {
      id: uniqueKey(typeof h.id === 'string' && h.id ? h.id : `v0_run_${i + 1}`, runIds),
      name: typeof h.name === 'string' ? h.name : `Run ${i + 1}`,
      startedAt: started,
      finishedAt: h.finished ?? started,
      status: h.stopped === true ? 'stopped' : 'completed',
      error: null,
      backend: 'unknown',
      settings: structuredClone(training),
      graph: structuredClone(graph),
      epochs,
      batches: [],
      test: hasTest
        ? {
            loss: h.test_loss,
            accuracy: typeof h.test_acc === 'number' ? h.test_acc : null,
            samples: typeof h.test_samples === 'number' ? h.test_samples : 0,
            evaluatedAt: h.finished ?? started,
          }
        : null,
      trainSamples: 0,
      validationSamples: 0,
      hasWeights: false,
    };
  });

  return {
    format: PROJECT_FORMAT,
    version: 1,
    name: doc.name,
    template: null,
    createdAt: doc.saved,
    updatedAt: doc.saved,
    graph,
    training,
    runs,
    viewport: null,
  };
}

/** Names of the layers nothing reads from: the model's outputs, as the v1 trainer compiled them. */
function sinkNames(graph: unknown): string[] {
  if (!isRecord(graph) || !Array.isArray(graph.nodes)) return [];
  const edges = Array.isArray(graph.edges) ? graph.edges : [];
  const sources = new Set(edges.map((e: unknown) => (isRecord(e) ? e.source : undefined)));
  return graph.nodes
    .filter((n: unknown): n is Record<string, unknown> => isRecord(n) && n.kind !== 'Input' && !sources.has(n.id))
    .map((n) => n.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * v1 had one loss for the whole model; v2 has per-output settings whose
 * default is the target's natural loss (categorical cross-entropy for MNIST
 * classes, v1's default). A v1 default needs no entry; any other loss
 * becomes an entry for every output.
 */
function lossToOutputs(training: unknown, graph: unknown): unknown {
  if (!isRecord(training)) return training;
  const { loss, ...rest } = training;
  const outputs =
    loss === undefined || loss === 'categorical_crossentropy'
      ? []
      : sinkNames(graph).map((layer) => ({ layer, target: null, loss, metrics: ['accuracy'], weight: 1 }));
  return { ...rest, outputs };
}

function v1ToV2(doc: ProjectDoc): ProjectDoc {
  const runs = Array.isArray(doc.runs)
    ? doc.runs.map((run: unknown) => (isRecord(run) ? { ...run, settings: lossToOutputs(run.settings, run.graph) } : run))
    : doc.runs;
  return { ...doc, training: lossToOutputs(doc.training, doc.graph), runs };
}

/**
 * v2 validated on a split whenever validationSplit > 0 and always fed
 * shuffled batches; v3 names the validation source and the batching, and
 * may limit a text corpus. The v2 meaning is kept exactly.
 */
function explicitValidation(training: unknown): unknown {
  if (!isRecord(training)) return training;
  const split = typeof training.validationSplit === 'number' ? training.validationSplit : 0.2;
  return { ...training, validation: split > 0 ? 'split' : 'none', batching: 'shuffled', corpusLines: null };
}

function v2ToV3(doc: ProjectDoc): ProjectDoc {
  const runs = Array.isArray(doc.runs)
    ? doc.runs.map((run: unknown) => (isRecord(run) ? { ...run, settings: explicitValidation(run.settings) } : run))
    : doc.runs;
  return { ...doc, training: explicitValidation(doc.training), runs };
}

/** v3 had no layer images; v4 draws them for the first 10 samples every 50 batches, as a new project does. */
function layerImageSettings(training: unknown): unknown {
  if (!isRecord(training)) return training;
  return { ...training, probeSamples: null, imageEvery: 50 };
}

function v3ToV4(doc: ProjectDoc): ProjectDoc {
  const runs = Array.isArray(doc.runs)
    ? doc.runs.map((run: unknown) => (isRecord(run) ? { ...run, settings: layerImageSettings(run.settings) } : run))
    : doc.runs;
  return { ...doc, training: layerImageSettings(doc.training), runs };
}

/** v4 had none of these; v5's defaults keep a run's training exactly as it was. */
function runControlSettings(training: unknown): unknown {
  if (!isRecord(training)) return training;
  return {
    ...training,
    monitor: 'val_loss',
    checkpointEvery: null,
    checkpointBest: false,
    earlyStopping: null,
    testAfterTraining: true,
    testLimit: null,
  };
}

function v4ToV5(doc: ProjectDoc): ProjectDoc {
  const template = typeof doc.template === 'string' ? doc.template : null;
  const runs = Array.isArray(doc.runs)
    ? doc.runs.map((run: unknown) =>
        isRecord(run)
          ? {
              ...run,
              settings: runControlSettings(run.settings),
              template,
              checkpoints: [],
              partialEpoch: null,
              earlyStop: null,
              pausedMs: 0,
            }
          : run,
      )
    : doc.runs;
  return { ...doc, training: runControlSettings(doc.training), runs };
}

export const MIGRATIONS: readonly ProjectMigration[] = [
  {
    from: 0,
    to: 1,
    name: 'v0→v1: layers/links become graph nodes/edges with Keras names (dense_1), training settings camelCased, history becomes runs',
    migrate: v0ToV1,
  },
  {
    from: 1,
    to: 2,
    name: 'v1→v2: the model-wide loss becomes per-output settings (target, loss, metrics, weight)',
    migrate: v1ToV2,
  },
  {
    from: 2,
    to: 3,
    name: 'v2→v3: validation source (split/test/none), batching (shuffled/tutorial) and corpus lines become explicit settings',
    migrate: v2ToV3,
  },
  {
    from: 3,
    to: 4,
    name: 'v3→v4: layer image settings (probe samples, images every N batches)',
    migrate: v3ToV4,
  },
  {
    from: 4,
    to: 5,
    name: "v4→v5: runs record their template, checkpoints, an unfinished epoch, early stopping and pauses; settings for checkpoints, early stopping and the test evaluation, set as v4 trained",
    migrate: v4ToV5,
  },
];

/** The document's version: 0 for the pre-release format; throws if it is no project at all. */
export function detectProjectVersion(raw: unknown): number {
  if (!isRecord(raw)) throw new ProjectMigrationError('not a LayerLab project (the document is not a JSON object)');
  if ('format' in raw) {
    if (raw.format !== PROJECT_FORMAT) {
      throw new ProjectMigrationError(
        `not a LayerLab project (format is ${JSON.stringify(raw.format)}, expected "${PROJECT_FORMAT}")`,
      );
    }
    const v = raw.version;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ProjectMigrationError(`the project version ${JSON.stringify(v)} is not a positive whole number`);
    }
    return v;
  }
  if (Array.isArray(raw.layers) && (raw.version === undefined || raw.version === 0)) return 0;
  throw new ProjectMigrationError('not a LayerLab project (no "format" field, and no "layers" list of the old format)');
}

/**
 * Brings any readable project document to CURRENT_PROJECT_VERSION. Throws
 * ProjectMigrationError for documents that are no project, or were made by a
 * newer LayerLab. The input is not modified.
 */
export function migrateProject(
  raw: unknown,
  migrations: readonly ProjectMigration[] = MIGRATIONS,
  target: number = CURRENT_PROJECT_VERSION,
): MigrationResult {
  let version = detectProjectVersion(raw);
  if (version > target) {
    throw new ProjectMigrationError(
      `this project was made by a newer LayerLab (project version ${version}; this LayerLab reads up to version ${target}). Update LayerLab to open it.`,
    );
  }
  let doc = structuredClone(raw) as ProjectDoc;
  const applied: string[] = [];
  while (version < target) {
    const step = migrations.find((m) => m.from === version);
    if (!step || step.to <= version) {
      throw new ProjectMigrationError(`no migration from project version ${version}`);
    }
    doc = step.migrate(doc);
    applied.push(step.name);
    version = step.to;
    doc.version = version;
  }
  return { doc, applied };
}
