import { randomUUID } from 'node:crypto';
import { planTraining } from '../engine/trainingPlan';
import type { Graph } from '../engine/graph';
import type { RunRecord, TestResult } from '../engine/project/schema';
import { monitorProblem, testLimitOf, type TrainingSettings } from '../engine/training';
import { ApiError, mergeBackendInfo, type AnyEvent, type BackendInfo } from '../shared/contract';
import type { ActivationsSnapshot } from '../shared/activations';
import type { TrainerMessage } from '../shared/trainerProtocol';
import { RunRecorder } from './runRecorder';
import type { SettingsStore } from './settingsStore';
import { startTrainerJob, type TrainerJob, type TrainerLaunch } from './trainerSupervisor';

export interface StartTraining {
  graph: Graph;
  settings: TrainingSettings;
  runName: string;
  initialWeightsFrom: string | null;
  /** The template the project was made from, recorded in the run. */
  template?: string | null;
}

function planOrThrow(graph: Graph, settings: TrainingSettings) {
  const monitor = monitorProblem(settings);
  if (monitor) throw new ApiError('bad-request', `Cannot train: ${monitor}.`);
  const planned = planTraining(graph, settings);
  if (!planned.ok) {
    throw new ApiError('bad-request', `The model cannot be trained yet: ${planned.issues.map((e) => e.message).join('; ')}`);
  }
  const { modelTopology, inputs, outputs } = planned.plan;
  return { modelTopology: modelTopology as unknown as Record<string, unknown>, inputs, outputs };
}

/**
 * Runs trainer jobs for one host, one training at a time, and turns their
 * messages into contract events. Shared by the Electron host, the web server
 * and the CLI.
 */
export class TrainingService {
  /**
   * The run being trained. It is registered synchronously, before start's
   * first await, so a second start in the same tick is refused; `job` is null
   * until the trainer process is launched, and a stop that arrives meanwhile
   * is remembered and applied then.
   */
  private active: { runId: string; runName: string; job: TrainerJob | null; stopRequested: boolean } | null = null;
  private backend: BackendInfo | null = null;
  /** Evaluations that can be cancelled, by the caller's id. */
  private readonly evaluations = new Map<string, () => void>();

  constructor(
    private readonly launch: TrainerLaunch,
    private readonly settings: SettingsStore,
    private readonly emit: (event: AnyEvent) => void,
  ) {}

  get backendInfo(): BackendInfo | null {
    return this.backend;
  }

  /** Starts a throwaway trainer to learn which tfjs backend it gets. */
  async probeBackend(): Promise<BackendInfo> {
    if (this.backend) return this.backend;
    const job = startTrainerJob(this.launch, { type: 'probe' }, (message) => {
      if (message.type === 'backend') this.backend = message.backend;
    });
    await job.finished;
    if (!this.backend) throw new Error('The trainer did not report its backend');
    return this.backend;
  }

  async start(request: StartTraining): Promise<{ runId: string; finished: Promise<RunRecord> }> {
    if (this.active) {
      throw new ApiError('busy', `A run is already training: ${this.active.runName} (${this.active.runId}); stop it first`);
    }
    const plan = planOrThrow(request.graph, request.settings);
    const runId = randomUUID();
    // Registered before the first await: a concurrent start is refused above.
    const active: NonNullable<TrainingService['active']> = { runId, runName: request.runName, job: null, stopRequested: false };
    this.active = active;
    let job: TrainerJob;
    let recorder: RunRecorder;
    try {
      const dirs = await this.settings.datasetDirs();
      recorder = new RunRecorder(runId, request.runName, request.graph, request.settings, request.template ?? null);
      const rec = recorder;
      job = startTrainerJob(
        this.launch,
        {
          type: 'train',
          runId,
          ...plan,
          settings: request.settings,
          initialWeightsFrom: request.initialWeightsFrom,
          dirs,
        },
        (message) => {
          rec.accept(message);
          this.forward(message);
        },
      );
    } catch (err) {
      if (this.active === active) this.active = null;
      throw err;
    }
    active.job = job;
    if (active.stopRequested) job.stop();
    const finished = job.finished.then(
      () => recorder.finish(null),
      (error: unknown) => recorder.finish(error instanceof Error ? error.message : String(error)),
    );
    const announced = finished.then((run) => {
      if (this.active === active) this.active = null;
      this.emit({ event: 'training.finished', payload: { runId, run } });
      return run;
    });
    return { runId, finished: announced };
  }

  /** The run now training (or starting), if any. */
  get activeRunId(): string | null {
    return this.active?.runId ?? null;
  }

  stop(runId: string): boolean {
    if (this.active?.runId !== runId) return false;
    if (this.active.job) this.active.job.stop();
    else this.active.stopRequested = true;
    return true;
  }

  /** Pause and resume reach a launched trainer only; before that there is nothing to hold. */
  pause(runId: string): boolean {
    if (this.active?.runId !== runId || !this.active.job) return false;
    this.active.job.pause();
    return true;
  }

  resume(runId: string): boolean {
    if (this.active?.runId !== runId || !this.active.job) return false;
    this.active.job.resume();
    return true;
  }

  /**
   * The test-set result of a run's weights or one of its checkpoints', on at
   * most `limit` samples (default: the run's test limit, else its sample
   * limit, else all). Progress goes out as `evaluation.progress` events;
   * `cancelEvaluation(evaluationId)` ends it with ApiError('cancelled').
   */
  async evaluate(
    run: RunRecord,
    options: { checkpointId?: string | null; limit?: number | null; evaluationId?: string | null } = {},
  ): Promise<TestResult> {
    const weightsId = options.checkpointId ?? run.id;
    if (options.checkpointId) {
      if (!run.checkpoints.some((c) => c.id === options.checkpointId)) {
        throw new ApiError('not-found', `Run '${run.name}' has no checkpoint '${options.checkpointId}'`);
      }
    } else if (!run.hasWeights) {
      throw new ApiError('bad-request', `Run '${run.name}' has no saved weights to evaluate`);
    }
    const evaluationId = options.evaluationId ?? null;
    if (evaluationId && this.evaluations.has(evaluationId)) throw new ApiError('busy', `Evaluation '${evaluationId}' is already running`);
    let result: TestResult | null = null;
    let cancelled = false;
    const job = startTrainerJob(
      this.launch,
      {
        type: 'evaluate',
        runId: run.id,
        weightsId,
        limit: options.limit ?? testLimitOf(run.settings),
        ...planOrThrow(run.graph, run.settings),
        settings: run.settings,
        dirs: await this.settings.datasetDirs(),
      },
      (message) => {
        if (message.type === 'backend') this.rememberBackend(message.backend);
        if (message.type === 'test') result = message.result;
        if (message.type === 'event' && message.event.event === 'evaluation.progress') {
          this.emit({ event: 'evaluation.progress', payload: { ...message.event.payload, evaluationId } });
        }
      },
    );
    if (evaluationId) {
      this.evaluations.set(evaluationId, () => {
        cancelled = true;
        job.stop();
      });
    }
    try {
      await job.finished;
    } catch (err) {
      if (cancelled) throw new ApiError('cancelled', `Evaluation of '${run.name}' was cancelled`);
      throw err;
    } finally {
      if (evaluationId) this.evaluations.delete(evaluationId);
    }
    if (cancelled && !result) throw new ApiError('cancelled', `Evaluation of '${run.name}' was cancelled`);
    if (!result) throw new Error('The trainer finished without a test result');
    return result;
  }

  cancelEvaluation(evaluationId: string): boolean {
    const cancel = this.evaluations.get(evaluationId);
    cancel?.();
    return cancel !== undefined;
  }

  /** Layer images of a saved run, from its weights; `samples` replaces the run's probe samples. */
  async activations(run: RunRecord, samples: number[] | null): Promise<ActivationsSnapshot> {
    if (!run.hasWeights) throw new ApiError('bad-request', `Run '${run.name}' has no saved weights to draw layer images from`);
    const settings = { ...run.settings, probeSamples: samples ?? run.settings.probeSamples };
    let snapshot: ActivationsSnapshot | null = null;
    const job = startTrainerJob(
      this.launch,
      { type: 'activations', runId: run.id, ...planOrThrow(run.graph, settings), settings, dirs: await this.settings.datasetDirs() },
      (message) => {
        if (message.type === 'backend') this.rememberBackend(message.backend);
        if (message.type === 'event' && message.event.event === 'training.activations') {
          const { runId: _runId, ...rest } = message.event.payload;
          snapshot = rest;
        }
      },
    );
    await job.finished;
    if (!snapshot) throw new Error('The trainer finished without layer images');
    return snapshot;
  }

  /** Runs do not measure speed (only the probe does): keep the probe's figure while the backend is the same. */
  private rememberBackend(backend: BackendInfo): void {
    this.backend = mergeBackendInfo(this.backend, backend);
  }

  /** The trainer emits the contract's own events: they go to the UI as they are. */
  private forward(message: TrainerMessage): void {
    if (message.type === 'backend') this.rememberBackend(message.backend);
    if (message.type === 'event') this.emit(message.event);
  }

}
