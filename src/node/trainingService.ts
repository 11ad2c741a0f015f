import { randomUUID } from 'node:crypto';
import { compileGraph } from '../engine/compile';
import type { Graph } from '../engine/graph';
import type { RunRecord, TestResult } from '../engine/project/schema';
import type { TrainingSettings } from '../engine/training';
import { ApiError, type AnyEvent, type BackendInfo } from '../shared/contract';
import type { TrainerMessage } from '../shared/trainerProtocol';
import { RunRecorder } from './runRecorder';
import type { SettingsStore } from './settingsStore';
import { startTrainerJob, type TrainerJob, type TrainerLaunch } from './trainerSupervisor';

export interface StartTraining {
  graph: Graph;
  settings: TrainingSettings;
  runName: string;
  initialWeightsFrom: string | null;
}

function compileOrThrow(graph: Graph): Record<string, unknown> {
  const compiled = compileGraph(graph);
  if (!compiled.ok) {
    const errors = compiled.issues.filter((issue) => issue.severity === 'error');
    throw new ApiError('bad-request', `The graph has errors: ${errors.map((e) => e.message).join('; ')}`);
  }
  return compiled.modelTopology as Record<string, unknown>;
}

/**
 * Runs trainer jobs for one host, one training at a time, and turns their
 * messages into contract events. Shared by the Electron host, the web server
 * and the CLI.
 */
export class TrainingService {
  private active: { runId: string; job: TrainerJob } | null = null;
  private backend: BackendInfo | null = null;

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
    if (this.active) throw new ApiError('busy', `Run ${this.active.runId} is still training; stop it first`);
    const modelTopology = compileOrThrow(request.graph);
    const runId = randomUUID();
    const recorder = new RunRecorder(runId, request.runName, request.graph, request.settings);
    const job = startTrainerJob(
      this.launch,
      {
        type: 'train',
        runId,
        modelTopology,
        settings: request.settings,
        initialWeightsFrom: request.initialWeightsFrom,
        dirs: await this.settings.datasetDirs(),
      },
      (message) => {
        recorder.accept(message);
        this.forward(runId, message);
      },
    );
    this.active = { runId, job };
    const finished = job.finished.then(
      () => recorder.finish(null),
      (error: unknown) => recorder.finish(error instanceof Error ? error.message : String(error)),
    );
    const announced = finished.then((run) => {
      this.active = null;
      this.emit({ event: 'training.finished', payload: { runId, run } });
      return run;
    });
    return { runId, finished: announced };
  }

  stop(runId: string): boolean {
    if (this.active?.runId !== runId) return false;
    this.active.job.stop();
    return true;
  }

  async evaluate(run: RunRecord): Promise<TestResult> {
    if (!run.hasWeights) throw new ApiError('bad-request', `Run '${run.name}' has no saved weights to evaluate`);
    let result: TestResult | null = null;
    const job = startTrainerJob(
      this.launch,
      {
        type: 'evaluate',
        runId: run.id,
        modelTopology: compileOrThrow(run.graph),
        settings: run.settings,
        dirs: await this.settings.datasetDirs(),
      },
      (message) => {
        if (message.type === 'backend') this.backend = message.backend;
        if (message.type === 'test') result = message.result;
      },
    );
    await job.finished;
    if (!result) throw new Error('The trainer finished without a test result');
    return result;
  }

  private forward(runId: string, message: TrainerMessage): void {
    switch (message.type) {
      case 'backend':
        this.backend = message.backend;
        this.emit({
          event: 'training.status',
          payload: { runId, phase: 'preparing', message: `Backend: ${message.backend.detail}`, backend: message.backend },
        });
        break;
      case 'status':
        this.emit({ event: 'training.status', payload: { runId, phase: message.phase, message: message.message, backend: this.backend } });
        break;
      case 'progress': {
        const { type: _type, ...progress } = message;
        this.emit({ event: 'training.progress', payload: { runId, ...progress } });
        break;
      }
      case 'metrics':
        this.emit({ event: 'training.metrics', payload: { runId, batches: message.batches, epoch: message.epoch } });
        break;
      default:
        break;
    }
  }
}
