import type { StateCreator } from 'zustand';
import { appendToSeries, emptySeries, type BatchSeries } from '../../../engine/batchSeries';
import type { EpochRecord } from '../../../engine/project/schema';
import { mergeBackendInfo, type AnyEvent, type BackendInfo, type EventPayload, type TrainingPhase } from '../../../shared/contract';
import type { AppState } from './index';

export interface LiveRun {
  runId: string;
  runName: string;
  phase: TrainingPhase;
  message: string;
  backend: BackendInfo | null;
  progress: EventPayload<'training.progress'> | null;
  batches: BatchSeries;
  epochs: EpochRecord[];
  stopping: boolean;
}

/** Live telemetry: never part of undo, never saved except through the finished run. */
export interface TrainingSlice {
  live: LiveRun | null;
  viewedRunId: string | null;
  lastError: string | null;
  beginRun(runId: string, runName: string): void;
  markStopping(): void;
  setLastError(message: string | null): void;
  viewRun(runId: string | null): void;
  handleEvent(event: AnyEvent): void;
}

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => ({
  live: null,
  viewedRunId: null,
  lastError: null,
  beginRun(runId, runName) {
    set({
      live: { runId, runName, phase: 'preparing', message: 'Starting the trainer', backend: null, progress: null, batches: emptySeries, epochs: [], stopping: false },
      lastError: null,
    });
  },
  markStopping() {
    const live = get().live;
    if (live) set({ live: { ...live, stopping: true, message: 'Stopping after this batch' } });
  },
  setLastError(message) {
    set({ lastError: message });
  },
  viewRun(runId) {
    set({ viewedRunId: runId });
  },
  handleEvent(event) {
    const live = get().live;
    switch (event.event) {
      case 'training.status':
        if (live?.runId === event.payload.runId) {
          set({ live: { ...live, phase: event.payload.phase, message: event.payload.message, backend: event.payload.backend ?? live.backend } });
        }
        // A run's status names its backend without the speed only the probe measures: keep that.
        if (event.payload.backend) set({ backend: mergeBackendInfo(get().backend, event.payload.backend) });
        break;
      case 'training.progress':
        if (live?.runId === event.payload.runId) set({ live: { ...live, progress: event.payload } });
        break;
      case 'training.metrics':
        if (live?.runId === event.payload.runId) {
          set({
            live: {
              ...live,
              batches: appendToSeries(live.batches, event.payload.batches),
              epochs: event.payload.epoch ? [...live.epochs, event.payload.epoch] : live.epochs,
            },
          });
        }
        break;
      case 'training.finished': {
        const { run } = event.payload;
        if (!get().runs.some((r) => r.id === run.id)) get().addRun(run);
        if (live?.runId === run.id) set({ live: null, viewedRunId: run.id, lastError: run.error });
        break;
      }
      default:
        break;
    }
  },
});
