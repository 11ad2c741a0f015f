import { z } from 'zod';
import { GraphSchema } from '../engine/graph';
import { KERAS_EXPORT_FORMATS } from '../engine/interchange/kerasExport';
import {
  BatchRecordSchema,
  EpochRecordSchema,
  ProjectSchema,
  RunRecordSchema,
  TestResultSchema,
} from '../engine/project/schema';
import { MAX_PROBE_SAMPLES, TrainingSettingsSchema } from '../engine/training';
import { ActivationsSnapshotSchema } from './activations';
import type { MethodName } from './channels';

/**
 * The one API between the UI and the backend. Both hosts (Electron IPC and the
 * web server's WebSocket) serve exactly this, and both ends parse every message
 * with these schemas.
 */

const Empty = z.object({}).strict();

export const BackendInfoSchema = z.object({
  /** tfjs backend name: `tensorflow` is native tfjs-node; `cpu` is pure JS. */
  name: z.string(),
  native: z.boolean(),
  /** One line for people, e.g. why native could not load. */
  detail: z.string(),
  /**
   * Float32 matmul throughput measured when the backend was probed, in GFLOP/s,
   * for time estimates; null when not measured (training runs skip it).
   */
  gflops: z.number().positive().nullable().default(null),
  /**
   * Microseconds one small kernel launch takes on this backend (dispatch, not
   * arithmetic), measured with the speed; absent when not measured.
   */
  kernelMicros: z.number().positive().nullish(),
});

export type BackendInfo = z.infer<typeof BackendInfoSchema>;

/**
 * Only the probe measures a backend's speed; training runs report the same
 * backend without it. The measured figures stay while the backend is the same.
 */
export function mergeBackendInfo(previous: BackendInfo | null, next: BackendInfo): BackendInfo {
  const same = previous?.name === next.name ? previous : null;
  return { ...next, gflops: next.gflops ?? same?.gflops ?? null, kernelMicros: next.kernelMicros ?? same?.kernelMicros ?? null };
}

export const SettingsSchema = z.object({
  /** Searched in order for dataset files, before the download cache. */
  dataDirs: z.array(z.string()),
  projectsDir: z.string(),
  cacheDir: z.string(),
});

export const SystemInfoSchema = z.object({
  host: z.enum(['electron', 'web']),
  appVersion: z.string(),
  platform: z.string(),
  /** Known after the first probe of the trainer; null until then. */
  backend: BackendInfoSchema.nullable(),
  /** Data directories that came from LAYERLAB_DATA_DIR, shown read-only. */
  envDataDirs: z.array(z.string()),
});

export const ProjectFileSchema = z.object({
  path: z.string(),
  name: z.string(),
  modifiedAt: z.string(),
  bytes: z.number().int(),
});

/** One of the last projects opened or saved; `exists` is false once the file is gone. */
export const RecentProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  exists: z.boolean(),
  /** The file's modification time; null when it is missing. */
  modifiedAt: z.string().nullable(),
});

/** Names a client's recovery file: one per browser or desktop window profile. */
export const RecoverySlotSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a recovery slot is 1-64 letters, digits, _ or -');

/** Unsaved work autosaved while the project was dirty, offered back after a crash. */
export const RecoverySchema = z.object({
  savedAt: z.string(),
  /** The file the project was opened from or saved to; null for a project never saved. */
  filePath: z.string().nullable(),
  project: ProjectSchema,
});

export const DatasetFileStatusSchema = z.object({
  name: z.string(),
  /** Where it would be read from now; null when it must be downloaded first. */
  path: z.string().nullable(),
  source: z.enum(['data-dir', 'cache', 'missing']),
});

export const DatasetStatusSchema = z.object({
  id: z.string(),
  ready: z.boolean(),
  files: z.array(DatasetFileStatusSchema),
});

export const ImagePreviewSchema = z.object({
  kind: z.literal('image'),
  id: z.string(),
  split: z.enum(['train', 'test']),
  rows: z.number().int(),
  cols: z.number().int(),
  channels: z.number().int(),
  labels: z.array(z.number().int()),
  classNames: z.array(z.string()),
  /** Base64 of `count * rows * cols * channels` uint8 pixels, sample-major. */
  pixelsBase64: z.string(),
});

/** Text samples decoded back to words: what goes in, and what the model should answer. */
export const TextPreviewSchema = z.object({
  kind: z.literal('text'),
  id: z.string(),
  split: z.enum(['train', 'test']),
  /** Samples in the split. */
  total: z.number().int().min(0),
  samples: z.array(z.object({ input: z.string(), label: z.string() })),
});

export const DatasetPreviewSchema = z.discriminatedUnion('kind', [ImagePreviewSchema, TextPreviewSchema]);

const DecodingSchema = z.enum(['sample', 'argmax']);
const EncodedWordSchema = z.object({ word: z.string(), id: z.number().int().nullable() });

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const methods = {
  'system.info': method(Empty, SystemInfoSchema),
  'settings.get': method(Empty, SettingsSchema),
  'settings.update': method(SettingsSchema.partial(), SettingsSchema),
  /** Native file dialogs; the web host answers `{ supported: false }` and the UI shows its own. */
  'dialog.openProject': method(
    Empty,
    z.object({ supported: z.boolean(), path: z.string().nullable() }),
  ),
  'dialog.saveProject': method(
    z.object({ suggestedName: z.string() }),
    z.object({ supported: z.boolean(), path: z.string().nullable() }),
  ),
  'project.list': method(
    z.object({ dir: z.string().optional() }),
    z.object({ dir: z.string(), files: z.array(ProjectFileSchema) }),
  ),
  'project.open': method(
    z.object({ path: z.string().min(1) }),
    z.object({ path: z.string(), project: ProjectSchema, problems: z.array(z.string()) }),
  ),
  'project.save': method(
    z.object({ path: z.string().min(1), project: ProjectSchema }),
    /** Warnings name runs saved without weights (their weights were no longer available). */
    z.object({ path: z.string(), savedAt: z.string(), bytes: z.number().int(), warnings: z.array(z.string()) }),
  ),
  /**
   * Reads a Keras model file (JSON, .h5 or .keras) as a graph and, when it has weights, a completed run holding them.
   * `weightsPath`: a `model.save_weights()` HDF5 file to take the weights from (the tutorial's JSON + weights pair).
   */
  'project.importKeras': method(
    z.object({ path: z.string().min(1), weightsPath: z.string().min(1).optional() }),
    z.object({ graph: GraphSchema, run: RunRecordSchema.nullable(), problems: z.array(z.string()) }),
  ),
  /** The last projects opened or saved (newest first, at most 10), each checked for existence. */
  'recent.list': method(Empty, z.object({ projects: z.array(RecentProjectSchema) })),
  'recent.add': method(z.object({ path: z.string().min(1) }), z.object({ projects: z.array(RecentProjectSchema) })),
  'recent.remove': method(z.object({ path: z.string().min(1) }), z.object({ projects: z.array(RecentProjectSchema) })),
  /** Autosave: replaces the slot's recovery file (atomically). */
  'recovery.write': method(
    z.object({ slot: RecoverySlotSchema, filePath: z.string().nullable(), project: ProjectSchema }),
    z.object({ savedAt: z.string() }),
  ),
  /** The slot's recovery file; null when there is none (or it is unreadable). */
  'recovery.read': method(z.object({ slot: RecoverySlotSchema }), z.object({ recovery: RecoverySchema.nullable() })),
  'recovery.clear': method(z.object({ slot: RecoverySlotSchema }), z.object({ cleared: z.boolean() })),
  'dataset.status': method(z.object({ id: z.string() }), DatasetStatusSchema),
  'dataset.download': method(z.object({ id: z.string() }), DatasetStatusSchema),
  'dataset.preview': method(
    z.object({
      id: z.string(),
      split: z.enum(['train', 'test']).default('train'),
      count: z.number().int().min(1).max(400).default(100),
    }),
    DatasetPreviewSchema,
  ),
  'training.start': method(
    z.object({
      graph: GraphSchema,
      settings: TrainingSettingsSchema,
      runName: z.string(),
      /** Weights to continue from, by run or checkpoint id; null trains from fresh initial weights. */
      initialWeightsFrom: z.string().nullable().default(null),
      /** The template the project was made from, recorded in the run. */
      template: z.string().nullable().default(null),
    }),
    z.object({ runId: z.string() }),
  ),
  'training.stop': method(z.object({ runId: z.string() }), z.object({ stopping: z.boolean() })),
  /** Holds the live run after its current batch (model and optimizer state kept) until `training.resume`. */
  'training.pause': method(z.object({ runId: z.string() }), z.object({ paused: z.boolean() })),
  'training.resume': method(z.object({ runId: z.string() }), z.object({ resumed: z.boolean() })),
  /**
   * Evaluates a run's weights (or one checkpoint's) on the test set, at most
   * `limit` samples (null: the run's test limit, else its sample limit, else
   * all), with `evaluation.progress` events under `evaluationId`.
   */
  'training.evaluate': method(
    z.object({
      run: RunRecordSchema,
      checkpointId: z.string().nullable().default(null),
      limit: z.number().int().min(1).nullable().default(null),
      evaluationId: z.string().max(100).nullable().default(null),
    }),
    TestResultSchema,
  ),
  /** Ends an evaluation started with this id; it then fails with "cancelled". */
  'training.cancelEvaluation': method(z.object({ evaluationId: z.string() }), z.object({ cancelled: z.boolean() })),
  /** Layer images of a saved run, from its weights, for its probe samples (or these training-set indices). */
  'training.activations': method(
    z.object({ run: RunRecordSchema, samples: z.array(z.number().int().min(0)).min(1).max(MAX_PROBE_SAMPLES).nullable().default(null) }),
    ActivationsSnapshotSchema,
  ),
  /** Writes a run's weights (or one checkpoint's) for Keras: topology JSON, HDF5 weights or a full HDF5 model. */
  'run.exportKeras': method(
    z.object({
      run: RunRecordSchema,
      checkpointId: z.string().nullable().default(null),
      format: z.enum(KERAS_EXPORT_FORMATS),
      path: z.string(),
    }),
    z.object({ path: z.string(), bytes: z.number() }),
  ),
  /**
   * Writes a run as a runnable Keras script (`path`, .py) and, beside it, a .npz
   * of the arrays it trains on (`dataPath`); `bytes` counts both.
   */
  'run.exportPython': method(z.object({ run: RunRecordSchema, path: z.string() }), z.object({ path: z.string(), dataPath: z.string().nullable(), bytes: z.number() })),
  /** Playground ("Try it"): a run is opened once, then used by id; `not-found` means open it again. */
  'playground.open': method(
    z.object({ run: RunRecordSchema }),
    z.object({
      runId: z.string(),
      kind: z.enum(['digit-classifier', 'image-classifier', 'autoencoder', 'sentiment', 'language-model', 'translation', 'word-vectors']),
      dataset: z.string(),
      classNames: z.array(z.string()),
      /** Layers between inputs and outputs, e.g. an autoencoder's code. */
      innerLayers: z.array(z.string()),
    }),
  ),
  'playground.predict': method(
    z.object({
      runId: z.string(),
      /** Per model input, `count` samples' values, flattened. */
      inputs: z.array(z.array(z.number())),
      count: z.number().int().min(1).max(1000).default(1),
      layers: z.array(z.string()).nullable().default(null),
    }),
    z.object({ outputs: z.array(z.object({ shape: z.array(z.number().int()), values: z.array(z.number()) })) }),
  ),
  'playground.generate': method(
    z.object({ runId: z.string(), seed: z.string(), decoding: DecodingSchema, temperature: z.number().positive().default(1), words: z.number().int().min(1).max(100) }),
    z.object({ text: z.string(), words: z.array(z.string()), unknown: z.array(z.string()) }),
  ),
  'playground.translate': method(
    z.object({ runId: z.string(), japanese: z.string().min(1), decoding: DecodingSchema, temperature: z.number().positive().default(1), steps: z.number().int().min(1).max(100) }),
    z.object({ segmented: z.string(), english: z.string(), unknown: z.array(z.string()), ended: z.boolean() }),
  ),
  'playground.sentiment': method(
    z.object({ runId: z.string(), review: z.string() }),
    z.object({ positive: z.number(), words: z.array(EncodedWordSchema), unknown: z.array(z.string()), ids: z.array(z.number().int()) }),
  ),
  'playground.similar': method(
    z.object({ runId: z.string(), word: z.string(), topn: z.number().int().min(1).max(100).default(10) }),
    z.object({ word: z.string(), known: z.boolean(), neighbours: z.array(z.object({ word: z.string(), similarity: z.number() })) }),
  ),
  'playground.vectors': method(
    z.object({ runId: z.string() }),
    /** `text`: the tutorial's vectors.txt (word2vec text format); `points`: the same vectors for the map. */
    z.object({ fileName: z.string(), text: z.string(), points: z.array(z.object({ word: z.string(), vector: z.array(z.number()) })) }),
  ),
} satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>;

// Every name in channels.ts has a schema here, and no schema lacks a name.
type Methods = typeof methods;
const _exhaustive: Record<MethodName, unknown> = methods;
void _exhaustive;

export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

/** Where a run is: epoch k of N, batch i of M (1-based), and the time left. */
export const TrainingProgressSchema = z.object({
  epoch: z.number().int(),
  epochs: z.number().int(),
  batch: z.number().int(),
  batches: z.number().int(),
  elapsedMs: z.number(),
  etaMs: z.number().nullable(),
});

export type TrainingProgress = z.infer<typeof TrainingProgressSchema>;

export const TrainingPhaseSchema = z.enum(['preparing', 'loading-data', 'training', 'paused', 'testing', 'saving']);

/** How far a test-set evaluation is: samples done of the total, and the time left. */
export const EvaluationProgressSchema = z.object({
  /** The run whose weights are evaluated. */
  runId: z.string(),
  /** The caller's id for a `training.evaluate`; null for the evaluation that ends a training run. */
  evaluationId: z.string().nullable(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  elapsedMs: z.number(),
  etaMs: z.number().nullable(),
});

export const events = {
  'training.status': z.object({
    runId: z.string(),
    phase: TrainingPhaseSchema,
    message: z.string(),
    backend: BackendInfoSchema.nullable(),
  }),
  'training.progress': TrainingProgressSchema.extend({ runId: z.string() }),
  'training.metrics': z.object({
    runId: z.string(),
    batches: z.array(BatchRecordSchema),
    epoch: EpochRecordSchema.nullable(),
  }),
  /** Layer images of the live run: typed arrays, so the web host sends them in a binary frame. */
  'training.activations': ActivationsSnapshotSchema.extend({ runId: z.string() }),
  'training.finished': z.object({ runId: z.string(), run: RunRecordSchema }),
  'evaluation.progress': EvaluationProgressSchema,
  'dataset.progress': z.object({
    datasetId: z.string(),
    file: z.string(),
    receivedBytes: z.number(),
    totalBytes: z.number().nullable(),
  }),
} satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type AnyEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export type Settings = z.infer<typeof SettingsSchema>;
export type SystemInfo = z.infer<typeof SystemInfoSchema>;
export type ProjectFile = z.infer<typeof ProjectFileSchema>;
export type RecentProject = z.infer<typeof RecentProjectSchema>;
export type Recovery = z.infer<typeof RecoverySchema>;
export type DatasetStatus = z.infer<typeof DatasetStatusSchema>;
export type DatasetPreview = z.infer<typeof DatasetPreviewSchema>;
export type ImagePreview = z.infer<typeof ImagePreviewSchema>;
export type TextPreview = z.infer<typeof TextPreviewSchema>;
export type TrainingPhase = z.infer<typeof TrainingPhaseSchema>;

/** What a host implements: one async function per method, fed parsed input. */
export type ApiHandlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>>;
};

export type EventSink = (event: AnyEvent) => void;

/** An error that crosses the boundary with a code the UI can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: 'bad-request' | 'unknown-method' | 'not-found' | 'invalid-file' | 'busy' | 'cancelled' | 'internal',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const ApiErrorSchema = z.object({
  code: z.enum(['bad-request', 'unknown-method', 'not-found', 'invalid-file', 'busy', 'cancelled', 'internal']),
  message: z.string(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorSchema>;
