import { findDataset, type DatasetSpec } from '../../engine/datasets';
import type { RunRecord } from '../../engine/project/schema';
import { planTraining, type TrainingPlan } from '../../engine/trainingPlan';
import { ApiError, type MethodOutput, type MethodParsedInput } from '../../shared/contract';
import type { TensorValues } from '../../shared/trainerProtocol';
import { datasetStatus } from '../datasets';
import type { SettingsStore } from '../settingsStore';
import { textTaskSamples, type WordIds } from '../textData';
import type { TrainerLaunch } from '../trainerSupervisor';
import { WeightsStore } from '../weightsStore';
import { InferenceProcess } from './inferenceProcess';
import { generateText, sentiment, translate, type PredictIds } from './textTasks';
import { mostSimilar, word2vecText, type EmbeddingMatrix, type WordIndex } from './wordVectors';

/** Output values one `predict` answers with: a few MB of JSON, far below what would strain a host or a WebSocket frame. */
const MAX_PREDICTED_VALUES = 1_000_000;

export type PlaygroundKind = MethodOutput<'playground.open'>['kind'];

interface OpenRun {
  run: Pick<RunRecord, 'id' | 'name' | 'graph' | 'settings'>;
  plan: TrainingPlan;
  spec: DatasetSpec;
  session: Promise<InferenceProcess> | null;
  idleTimer: NodeJS.Timeout | null;
  lastUsed: number;
  /** Calls in flight: a session is never closed for idleness under one. */
  busy: number;
}

/** What the tutorial does with each kind of trained model. */
function kindOf(spec: DatasetSpec, plan: TrainingPlan): PlaygroundKind {
  if (spec.kind === 'image') {
    const target = spec.targets.find((t) => t.name === plan.outputs[0]?.target);
    if (target?.encoding === 'values') return 'autoencoder';
    return spec.id === 'cifar10' ? 'image-classifier' : 'digit-classifier';
  }
  switch (spec.task) {
    case 'sentiment':
      return 'sentiment';
    case 'next-word':
      return 'language-model';
    case 'translation':
      return 'translation';
    default:
      return 'word-vectors';
  }
}

/** Layers between the inputs and the outputs (an autoencoder's code), by name. */
function innerLayers(plan: TrainingPlan): string[] {
  const ends = new Set([...plan.inputs.map((i) => i.layer), ...plan.outputs.map((o) => o.layer)]);
  return plan.modelTopology.config.layers.filter((l) => l.class_name !== 'InputLayer' && !ends.has(l.name)).map((l) => l.name);
}

/**
 * The playground's host side: runs opened by the UI, each with a lazily
 * started inference process (closed when idle, at most `maxSessions` at a
 * time), the training vocabularies for text models, and the embedding
 * matrices straight from the weights store.
 */
export class PlaygroundService {
  private readonly runs = new Map<string, OpenRun>();

  constructor(
    private readonly launch: TrainerLaunch,
    private readonly settings: SettingsStore,
    private readonly options: { idleMs: number; maxSessions: number } = { idleMs: 5 * 60_000, maxSessions: 2 },
  ) {}

  /** Runs open in a playground: their weights are in use. */
  get openRunIds(): string[] {
    return [...this.runs.keys()];
  }

  open(run: RunRecord): MethodOutput<'playground.open'> {
    if (!run.hasWeights) throw new ApiError('bad-request', `Run '${run.name}' has no saved weights to try`);
    const planned = planTraining(run.graph, run.settings);
    if (!planned.ok) throw new ApiError('bad-request', `Run '${run.name}' cannot be rebuilt: ${planned.issues.map((i) => i.message).join('; ')}`);
    const spec = findDataset(run.settings.dataset);
    if (!spec) throw new ApiError('not-found', `Run '${run.name}' uses the unknown dataset '${run.settings.dataset}'`);
    const existing = this.runs.get(run.id);
    if (!existing) {
      const { id, name, graph, settings } = run;
      this.runs.set(run.id, { run: { id, name, graph, settings }, plan: planned.plan, spec, session: null, idleTimer: null, lastUsed: Date.now(), busy: 0 });
    }
    const kind = kindOf(spec, planned.plan);
    return {
      runId: run.id,
      kind,
      dataset: spec.id,
      classNames: spec.kind === 'image' ? [...spec.classNames] : [],
      innerLayers: innerLayers(planned.plan),
    };
  }

  async predict({ runId, inputs, count, layers }: MethodParsedInput<'playground.predict'>): Promise<MethodOutput<'playground.predict'>> {
    const outputs = await this.withSession(this.opened(runId), (session) => {
      const shapes = session.inputShapes;
      if (inputs.length !== shapes.length) throw new ApiError('bad-request', `The model has ${shapes.length} inputs; ${inputs.length} were given`);
      const tensors = inputs.map((values, i) => ({ shape: [count, ...shapes[i]!.slice(1).map((d) => d ?? 1)], values: Float32Array.from(values) }));
      return session.predict(tensors, layers).catch(badRequest);
    });
    const values = outputs.reduce((n, o) => n + o.values.length, 0);
    if (values > MAX_PREDICTED_VALUES) {
      throw new ApiError('bad-request', `That asks for ${values.toLocaleString('en-US')} output values; ask for at most ${MAX_PREDICTED_VALUES.toLocaleString('en-US')} (fewer samples or layers)`);
    }
    return { outputs: outputs.map((o) => ({ shape: o.shape, values: Array.from(o.values) })) };
  }

  async generate({ runId, seed, decoding, temperature, words }: MethodParsedInput<'playground.generate'>) {
    const open = this.opened(runId, 'language-model');
    const vocabulary = (await this.vocabularies(open)).words!;
    return generateText(this.predictIds(open), vocabulary, seed, words, { decoding, temperature });
  }

  async translate({ runId, japanese, decoding, temperature, steps }: MethodParsedInput<'playground.translate'>) {
    const open = this.opened(runId, 'translation');
    const v = await this.vocabularies(open);
    return translate(this.predictIds(open), { japanese: v.japanese!, english: v.next_word! }, japanese, steps, { decoding, temperature });
  }

  async sentiment({ runId, review }: MethodParsedInput<'playground.sentiment'>) {
    const open = this.opened(runId, 'sentiment');
    return sentiment(this.predictIds(open), (await this.vocabularies(open)).review!, review);
  }

  async similar({ runId, word, topn }: MethodParsedInput<'playground.similar'>) {
    const open = this.opened(runId, 'word-vectors');
    const { matrix, words } = await this.embedding(open);
    const query = word.trim().toLowerCase();
    if (!words.some(([w]) => w === query)) return { word: query, known: false, neighbours: [] };
    return { word: query, known: true, neighbours: mostSimilar(matrix, words, query, topn) };
  }

  async vectors({ runId }: MethodParsedInput<'playground.vectors'>) {
    const open = this.opened(runId, 'word-vectors');
    const { matrix, words } = await this.embedding(open);
    const points = words.map(([word, id]) => ({ word, vector: Array.from(matrix.values.subarray(id * matrix.dim, (id + 1) * matrix.dim)) }));
    return { fileName: `${open.run.name.replace(/[^\w.-]+/g, '_')}-vectors.txt`, text: word2vecText(matrix, words), points };
  }

  /** How many runs hold an inference process now (started or starting). */
  get liveSessions(): number {
    return [...this.runs.values()].filter((o) => o.session).length;
  }

  /** Ends every inference process (host shutdown). */
  closeAll(): void {
    for (const open of this.runs.values()) this.closeSession(open);
  }

  private opened(runId: string, kind?: PlaygroundKind): OpenRun {
    const open = this.runs.get(runId);
    if (!open) throw new ApiError('not-found', `Run ${runId} is not open in the playground`);
    if (kind && kindOf(open.spec, open.plan) !== kind) throw new ApiError('bad-request', `Run '${open.run.name}' is not a ${kind} model`);
    return open;
  }

  private predictIds(open: OpenRun): PredictIds {
    return async (inputs) => {
      const tensors: TensorValues[] = inputs.map((ids) => ({ shape: [1, ids.length], values: Float32Array.from(ids) }));
      const [first] = await this.withSession(open, (session) => session.predict(tensors).catch(badRequest));
      if (!first) throw new Error('The model returned no output');
      return first.values;
    };
  }

  /** Runs `use` on the run's inference process; the process closes after `idleMs` with no call in flight. */
  private async withSession<T>(open: OpenRun, use: (session: InferenceProcess) => Promise<T>): Promise<T> {
    open.busy += 1;
    open.lastUsed = Date.now();
    if (open.idleTimer) clearTimeout(open.idleTimer);
    open.idleTimer = null;
    try {
      return await use(await this.session(open));
    } finally {
      open.busy -= 1;
      if (open.busy === 0 && open.session) {
        open.idleTimer = setTimeout(() => this.closeSession(open), this.options.idleMs);
        open.idleTimer.unref();
      }
    }
  }

  /** The run's inference process, started on first use (again after it closed or died). */
  private session(open: OpenRun): Promise<InferenceProcess> {
    if (open.session) {
      const current = open.session;
      open.session = current.then((s) => (s.alive ? s : this.startProcess(open)));
      open.session.catch(() => (open.session = null));
      return open.session;
    }
    this.evictBeyond(this.options.maxSessions - 1, open);
    open.session = this.startProcess(open);
    open.session.catch(() => (open.session = null));
    return open.session;
  }

  private async startProcess(open: OpenRun): Promise<InferenceProcess> {
    const { plan, run } = open;
    return InferenceProcess.start(this.launch, {
      type: 'session',
      runId: run.id,
      modelTopology: plan.modelTopology as unknown as Record<string, unknown>,
      inputs: plan.inputs,
      outputs: plan.outputs,
      settings: run.settings,
      dirs: await this.settings.datasetDirs(),
    });
  }

  /** Closes the least recently used sessions so that at most `keep` others stay. */
  private evictBeyond(keep: number, except: OpenRun): void {
    const live = [...this.runs.values()].filter((o) => o !== except && o.session && o.busy === 0).sort((a, b) => b.lastUsed - a.lastUsed);
    for (const open of live.slice(Math.max(keep, 0))) this.closeSession(open);
  }

  private closeSession(open: OpenRun): void {
    if (open.idleTimer) clearTimeout(open.idleTimer);
    open.idleTimer = null;
    const session = open.session;
    open.session = null;
    session?.then((s) => s.close(), () => undefined);
  }

  private async vocabularies(open: OpenRun): Promise<Readonly<Record<string, WordIds>>> {
    const { spec, run } = open;
    if (spec.kind !== 'text') throw new ApiError('bad-request', `${spec.title} has no vocabulary`);
    const dirs = await this.settings.datasetDirs();
    const file = datasetStatus(spec, dirs).files[0]?.path;
    if (!file) throw new ApiError('not-found', `${spec.title}: the corpus file ${spec.files[0]?.name ?? ''} is not in the data folders or the cache`);
    // Cached per corpus file: the same vocabulary object the run trained with.
    return (await textTaskSamples(spec, file, 'train', { corpusLines: run.settings.corpusLines })).vocabularies;
  }

  /** The first Embedding's weights (§8.4 `get_weights()[0]`) and the words in `word_index` order. */
  private async embedding(open: OpenRun): Promise<{ matrix: EmbeddingMatrix; words: WordIndex }> {
    const stored = await new WeightsStore((await this.settings.datasetDirs()).weightsDir).read(open.run.id);
    let offset = 0;
    let matrix: EmbeddingMatrix | null = null;
    for (const spec of stored.specs) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (!matrix && /embeddings/.test(spec.name) && spec.shape.length === 2) {
        const values = new Float32Array(stored.data.slice(offset * 4, (offset + size) * 4).buffer);
        matrix = { rows: spec.shape[0]!, dim: spec.shape[1]!, values };
      }
      offset += size;
    }
    if (!matrix) throw new ApiError('bad-request', `Run '${open.run.name}' has no Embedding weights (saved: ${stored.specs.map((s) => s.name).join(', ')})`);
    const vocabulary = Object.values(await this.vocabularies(open))[0]!;
    const rows = matrix.rows;
    const words: WordIndex = [...vocabulary.ids.entries()].filter(([, id]) => id < rows).sort((a, b) => a[1] - b[1]);
    return { matrix, words };
  }
}

function badRequest(error: unknown): never {
  throw new ApiError('bad-request', error instanceof Error ? error.message : String(error));
}
