import type { Graph } from '../engine/graph';
import type { BatchRecord, EpochRecord, RunRecord, TestResult } from '../engine/project/schema';
import type { TrainingSettings } from '../engine/training';
import type { TrainerMessage } from '../shared/trainerProtocol';

/** Enough points for a smooth per-batch curve without bloating the project file. */
export const MAX_STORED_BATCHES = 5000;

/** Keeps every other point whenever the list is full, so long runs stay evenly sampled. */
export function appendDecimated(list: BatchRecord[], incoming: readonly BatchRecord[], max = MAX_STORED_BATCHES) {
  for (const record of incoming) {
    list.push(record);
    if (list.length > max) {
      const kept = list.filter((_, i) => i % 2 === 1 || i === list.length - 1);
      list.splice(0, list.length, ...kept);
    }
  }
}

/** Folds the trainer's message stream into the run record that the project keeps. */
export class RunRecorder {
  private readonly startedAt = new Date().toISOString();
  private readonly epochs: EpochRecord[] = [];
  private readonly batches: BatchRecord[] = [];
  private test: TestResult | null = null;
  private backend = 'unknown';
  private done: Extract<TrainerMessage, { type: 'done' }> | null = null;

  constructor(
    readonly runId: string,
    private readonly name: string,
    private readonly graph: Graph,
    private readonly settings: TrainingSettings,
  ) {}

  accept(message: TrainerMessage): void {
    switch (message.type) {
      case 'backend':
        this.backend = message.backend.name;
        break;
      case 'metrics':
        appendDecimated(this.batches, message.batches);
        if (message.epoch) this.epochs.push(message.epoch);
        break;
      case 'test':
        this.test = message.result;
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
      settings: this.settings,
      graph: this.graph,
      epochs: this.epochs,
      batches: this.batches,
      test: this.test,
      trainSamples: this.done?.trainSamples ?? 0,
      validationSamples: this.done?.validationSamples ?? 0,
      hasWeights: error ? false : (this.done?.hasWeights ?? false),
    };
  }
}
