/**
 * Stop, pause and resume of the job in this trainer process. The host's
 * requests arrive between batches (the training loop yields to the event
 * loop), and the loop asks here after every batch.
 */
export class RunControl {
  private stopped = false;
  private paused = false;
  private wake: (() => void) | null = null;
  private pausedTotalMs = 0;

  get stopRequested(): boolean {
    return this.stopped;
  }

  /** Time spent held by `pause`, summed. */
  get pausedMs(): number {
    return this.pausedTotalMs;
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeUp();
  }

  /**
   * Returns at once unless a pause was requested; then calls `onPause`, holds
   * until resume or stop, and calls `onResume` if training goes on. The model
   * and the optimizer's state stay in memory meanwhile, untouched.
   */
  async holdIfPaused(onPause: () => void, onResume: () => void): Promise<void> {
    if (!this.paused || this.stopped) return;
    onPause();
    const since = Date.now();
    while (this.paused && !this.stopped) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    this.pausedTotalMs += Date.now() - since;
    if (!this.stopped) onResume();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
