import type { Checkpoint, RunRecord } from '../../../engine/project/schema';
import type { EvaluationProgressSchema } from '../../../shared/contract';
import type { z } from 'zod';

/** Up to four significant decimals, without trailing noise: 0.31, 2.3026, 12.5. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 3 : 4;
  return String(Number(value.toFixed(digits)));
}

/**
 * How a run ended when that is more than its status says: early stopping, or
 * Stop in the middle of an epoch (that epoch is not among its epochs). Null
 * for a run that simply finished or failed.
 */
export function runEndDetail(run: Pick<RunRecord, 'earlyStop' | 'partialEpoch'>): string | null {
  const early = run.earlyStop;
  if (early) {
    return `early stop at epoch ${early.epoch} (best ${early.monitor} ${shortNumber(early.best)} at epoch ${early.bestEpoch}${early.restoredBest ? ', restored' : ''})`;
  }
  const partial = run.partialEpoch;
  if (partial) return `stopped in epoch ${partial.epoch} (batch ${partial.batch} of ${partial.batches})`;
  return null;
}

/** The status column's text: the end detail where there is one, else the status. */
export function runStatusText(run: Pick<RunRecord, 'status' | 'earlyStop' | 'partialEpoch'>): string {
  return run.status === 'failed' ? run.status : (runEndDetail(run) ?? run.status);
}

/** "every 2 epochs" or "best by val_loss = 0.31". */
export function checkpointKindText(checkpoint: Pick<Checkpoint, 'kind' | 'monitor' | 'value'>, run: Pick<RunRecord, 'settings'>): string {
  if (checkpoint.kind === 'best') {
    const value = checkpoint.value === null ? '' : ` = ${shortNumber(checkpoint.value)}`;
    return `best by ${checkpoint.monitor ?? run.settings.monitor}${value}`;
  }
  const every = run.settings.checkpointEvery;
  return every === null ? 'periodic' : `every ${every === 1 ? 'epoch' : `${every} epochs`}`;
}

/** `3,000 / 10,000 samples, ETA 12 s`: how far a test-set evaluation is. */
export function evaluationProgressText(progress: Pick<z.infer<typeof EvaluationProgressSchema>, 'done' | 'total' | 'etaMs'>): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if (progress.total === 0) return 'starting';
  const eta = progress.done > 0 && progress.done < progress.total && progress.etaMs !== null ? `, ETA ${formatSeconds(progress.etaMs)}` : '';
  return `${count(progress.done)} / ${count(progress.total)} samples${eta}`;
}

function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** The weights of one of a run's checkpoints as a run the playground can open: the run, renamed, under the checkpoint's id. */
export function checkpointRun(run: RunRecord, checkpoint: Pick<Checkpoint, 'id' | 'epoch'>): RunRecord {
  return { ...run, id: checkpoint.id, hasWeights: true, name: `${run.name} @ epoch ${checkpoint.epoch}` };
}

/** The epochs a run had planned after a checkpoint's, at least one: what "Resume from here" trains. */
export function resumeEpochs(run: Pick<RunRecord, 'settings'>, checkpoint: Pick<Checkpoint, 'epoch'>): number {
  return Math.max(1, run.settings.epochs - checkpoint.epoch);
}
