import type { Graph } from '../engine/graph';
import { appendToSeries, emptySeries, type BatchSeries } from '../engine/batchSeries';
import type { Checkpoint, EpochRecord, RunRecord, TestResult } from '../engine/project/schema';
import type { TrainingSettings } from '../engine/training';
import type { TrainerMessage } from '../shared/trainerProtocol';

/** Folds the trainer's message stream into the run record that the project keeps. */
export class RunRecorder {
  private readonly startedAt = new Date().toISOString();
  private readonly epochs: EpochRecord[] = [];
  private batches: BatchSeries = emptySeries;
  private test: TestResult | null = null;
  private backend = 'unknown';
  private kernels: string[] = [];
  private done: Extract<TrainerMessage, { type: 'done' }> | null = null;
  private checkpoints: Checkpoint[] = [];

  constructor(
    readonly runId: string,
    private readonly name: string,
    private readonly graph: Graph,
    private readonly settings: TrainingSettings,
    private readonly template: string | null = null,
  ) {}

  accept(message: TrainerMessage): void {
    switch (message.type) {
      case 'backend':
        this.backend = message.backend.name;
        break;
      case 'event':
        if (message.event.event === 'training.metrics') {
          const { batches, epoch } = message.event.payload;
          this.batches = appendToSeries(this.batches, batches);
          if (epoch) this.epochs.push(epoch);
        }
        break;
      case 'kernels':
        this.kernels = message.notes;
        break;
      case 'test':
        this.test = message.result;
        break;
      case 'checkpoint':
        // One best checkpoint per run: a newer best replaces it (same id, same weights file).
        this.checkpoints = [...this.checkpoints.filter((c) => c.id !== message.checkpoint.id), message.checkpoint];
        break;
      case 'done':
        this.done = message;
        break;
      default:
        break;
    }
  }

  finish(error: string | null): RunRecord {
    return {
      id: this.runId,
      name: this.name,
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      status: error ? 'failed' : (this.done?.status ?? 'failed'),
      error,
      backend: this.backend,
      kernels: this.kernels,
      settings: this.settings,
      graph: this.graph,
      epochs: this.epochs,
      batches: [...this.batches.points],
      test: this.test,
      trainSamples: this.done?.trainSamples ?? 0,
      validationSamples: this.done?.validationSamples ?? 0,
      hasWeights: error ? false : (this.done?.hasWeights ?? false),
      template: this.template,
      checkpoints: this.checkpoints,
      partialEpoch: this.done?.partialEpoch ?? null,
      earlyStop: this.done?.earlyStop ?? null,
      pausedMs: this.done?.pausedMs ?? 0,
    };
  }
}
