import type { BatchRecord, EpochRecord } from '../engine/project/schema';
import type { TrainingProgress } from '../shared/contract';
import type { TrainerEvent, TrainerMessage } from '../shared/trainerProtocol';

type Send = (message: TrainerMessage) => void;

/** Sends one of the contract's training events, exactly as the UI will receive it. */
export function emitEvent(send: Send, event: TrainerEvent): void {
  send({ type: 'event', event });
}

/**
 * Batches arrive hundreds of times a second on the native backend; the UI needs
 * a few updates a second. Records are buffered and sent together, and progress
 * is sent at most once per interval.
 */
export class TelemetryThrottle {
  private pending: BatchRecord[] = [];
  private lastFlush = 0;

  constructor(
    private readonly send: Send,
    private readonly runId: string,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  batch(record: BatchRecord, progress: TrainingProgress): boolean {
    this.pending.push(record);
    if (this.now() - this.lastFlush < this.intervalMs) return false;
    this.flush(progress, null);
    return true;
  }

  epoch(record: EpochRecord, progress: TrainingProgress): void {
    this.flush(progress, record);
  }

  /** Sends what is buffered now (an epoch's record with it, if given). */
  flush(progress: TrainingProgress, epoch: EpochRecord | null = null): void {
    const { runId } = this;
    emitEvent(this.send, { event: 'training.progress', payload: { runId, ...progress } });
    emitEvent(this.send, { event: 'training.metrics', payload: { runId, batches: this.pending, epoch } });
    this.pending = [];
    this.lastFlush = this.now();
  }
}

/** Lets queued IPC (a Stop request, telemetry writes) through between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
