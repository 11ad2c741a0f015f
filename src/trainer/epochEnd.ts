import type * as TF from '@tensorflow/tfjs';
import type { Checkpoint, EarlyStop } from '../engine/project/schema';
import { monitorImprovesUpwards, type TrainingSettings } from '../engine/training';
import type { StoredWeights } from '../engine/project/weights';
import type { TrainerMessage } from '../shared/trainerProtocol';
import type { WeightsStore } from '../node/weightsStore';
import { readTrainingState } from './trainingState';
import { applyModelWeights, readModelWeights } from './weights';

type Settings = Pick<TrainingSettings, 'monitor' | 'checkpointEvery' | 'checkpointBest' | 'earlyStopping'>;

/** The weights id of a run's checkpoint: `<run>--e<epoch>` every N epochs, `<run>--best` for the best. */
export function checkpointId(runId: string, kind: Checkpoint['kind'], epoch: number): string {
  return kind === 'best' ? `${runId}--best` : `${runId}--e${epoch}`;
}

/**
 * What happens after each epoch besides telemetry, as Keras' ModelCheckpoint
 * and EarlyStopping callbacks do it: checkpoints every N epochs and of the
 * best epoch so far (strictly better `monitor`), and early stopping after
 * `patience` epochs without an improvement of more than `minDelta`, with the
 * best epoch's weights restored when asked (Keras 2.15: only when it stops).
 */
export class EpochEnd {
  private best: { value: number; epoch: number } | null = null;
  private bestWeights: StoredWeights | null = null;
  /** Best epoch as early stopping counts it (by more than min_delta), and the epochs since. */
  private stopBest: { value: number; epoch: number } | null = null;
  private wait = 0;
  private stoppedEarly: EarlyStop | null = null;
  private warnedMissing = false;

  constructor(
    private readonly deps: {
      tf: typeof TF;
      model: TF.LayersModel;
      runId: string;
      settings: Settings;
      store: WeightsStore;
      send: (message: TrainerMessage) => void;
      /** Says something the user should know, e.g. that the monitored metric is not logged. */
      warn: (message: string) => void;
    },
  ) {}

  get watchesMonitor(): boolean {
    return this.deps.settings.checkpointBest || this.deps.settings.earlyStopping !== null;
  }

  /** After epoch `epoch` (from 1): saves checkpoints; true when early stopping ends the run here. */
  async after(epoch: number, logs: Record<string, number>): Promise<boolean> {
    const { settings } = this.deps;
    if (settings.checkpointEvery !== null && epoch % settings.checkpointEvery === 0) {
      await this.save('periodic', epoch, null);
    }
    if (!this.watchesMonitor) return false;
    const value = logs[settings.monitor];
    if (value === undefined || !Number.isFinite(value)) {
      if (!this.warnedMissing) {
        this.warnedMissing = true;
        this.deps.warn(
          `'${settings.monitor}' is not among this run's epoch results (${Object.keys(logs).join(', ')}): no best checkpoint or early stopping`,
        );
      }
      return false;
    }
    const upwards = monitorImprovesUpwards(settings.monitor);
    const better = (a: number, b: number, delta: number) => (upwards ? a - delta > b : a + delta < b);
    if (settings.checkpointBest && (this.best === null || better(value, this.best.value, 0))) {
      this.best = { value, epoch };
      await this.save('best', epoch, value);
    }
    const stopping = settings.earlyStopping;
    if (!stopping) return false;
    // Keras' EarlyStopping: improvement means by more than min_delta, and its best weights are that epoch's.
    if (this.stopBest === null || better(value, this.stopBest.value, stopping.minDelta)) {
      this.stopBest = { value, epoch };
      this.wait = 0;
      if (stopping.restoreBest) this.bestWeights = readModelWeights(this.deps.model);
      return false;
    }
    this.wait += 1;
    if (this.wait < stopping.patience) return false;
    this.stoppedEarly = {
      epoch,
      monitor: settings.monitor,
      bestEpoch: this.stopBest.epoch,
      best: this.stopBest.value,
      restoredBest: stopping.restoreBest && this.bestWeights !== null,
    };
    return true;
  }

  /** How early stopping ended the run (null if it did not), after putting the best weights back if asked. */
  finish(): EarlyStop | null {
    if (this.stoppedEarly?.restoredBest && this.bestWeights) applyModelWeights(this.deps.tf, this.deps.model, this.bestWeights);
    return this.stoppedEarly;
  }

  private async save(kind: Checkpoint['kind'], epoch: number, value: number | null): Promise<void> {
    const { runId, settings, store, model, send } = this.deps;
    const id = checkpointId(runId, kind, epoch);
    await store.write(id, await readTrainingState(model));
    send({
      type: 'checkpoint',
      checkpoint: {
        id,
        epoch,
        kind,
        monitor: kind === 'best' ? settings.monitor : null,
        value,
        savedAt: new Date().toISOString(),
        test: null,
      },
    });
  }
}
