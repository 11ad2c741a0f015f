import type { BatchRecord, EpochRecord } from '../engine/project/schema';
import type { TrainerMessage } from '../shared/trainerProtocol';

/**
 * Batches arrive hundreds of times a second on the native backend; the UI needs
 * a few updates a second. Records are buffered and sent together, and progress
 * is sent at most once per interval.
 */
export class TelemetryThrottle {
  private pending: BatchRecord[] = [];
  private lastFlush = 0;

  constructor(
    private readonly send: (message: TrainerMessage) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  batch(record: BatchRecord, progress: Extract<TrainerMessage, { type: 'progress' }>): boolean {
    this.pending.push(record);
    if (this.now() - this.lastFlush < this.intervalMs) return false;
    this.flush(progress, null);
    return true;
  }

  epoch(record: EpochRecord, progress: Extract<TrainerMessage, { type: 'progress' }>): void {
    this.flush(progress, record);
  }

  private flush(progress: Extract<TrainerMessage, { type: 'progress' }>, epoch: EpochRecord | null): void {
    this.send(progress);
    this.send({ type: 'metrics', batches: this.pending, epoch });
    this.pending = [];
    this.lastFlush = this.now();
  }
}

/** Lets queued IPC (a Stop request, telemetry writes) through between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
