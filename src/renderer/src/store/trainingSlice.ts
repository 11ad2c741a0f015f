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
  /** Pause or Resume was asked for and its status has not come yet. */
  control: 'pausing' | 'resuming' | null;
  /** The test-set evaluation that ends the run, while it runs. */
  testProgress: EventPayload<'evaluation.progress'> | null;
}

/** Which weights the playground ("Try it") uses: a run's own, or one of its checkpoints'. */
export interface PlaygroundChoice {
  runId: string;
  checkpointId: string | null;
}

/** Live telemetry: never part of undo, never saved except through the finished run. */
export interface TrainingSlice {
  live: LiveRun | null;
  viewedRunId: string | null;
  /** Runs ticked in the Runs tab, overlaid in its comparison charts (kept while other tabs are shown). */
  comparedRunIds: string[];
  lastError: string | null;
  beginRun(runId: string, runName: string): void;
  markStopping(): void;
  /** Pause or Resume was sent; null when the host refused it. */
  markControl(control: LiveRun['control']): void;
  playgroundChoice: PlaygroundChoice | null;
  /** Picks the playground's weights; the app then shows the Try it tab. */
  choosePlayground(choice: PlaygroundChoice | null): void;
  setLastError(message: string | null): void;
  viewRun(runId: string | null): void;
  setComparedRunIds(ids: string[]): void;
  handleEvent(event: AnyEvent): void;
}

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => ({
  live: null,
  viewedRunId: null,
  comparedRunIds: [],
  lastError: null,
  beginRun(runId, runName) {
    set({
      live: {
        runId,
        runName,
        phase: 'preparing',
        message: 'Starting the trainer',
        backend: null,
        progress: null,
        batches: emptySeries,
        epochs: [],
        stopping: false,
        control: null,
        testProgress: null,
      },
      lastError: null,
    });
  },
  markStopping() {
    const live = get().live;
    if (live) set({ live: { ...live, stopping: true, control: null, message: live.phase === 'testing' ? 'Cancelling the test evaluation' : 'Stopping after this batch' } });
  },
  markControl(control) {
    const live = get().live;
    if (live) set({ live: { ...live, control } });
  },
  playgroundChoice: null,
  choosePlayground(choice) {
    set({ playgroundChoice: choice });
  },
  setLastError(message) {
    set({ lastError: message });
  },
  viewRun(runId) {
    set({ viewedRunId: runId });
  },
  setComparedRunIds(ids) {
    set({ comparedRunIds: ids });
  },
  handleEvent(event) {
    const live = get().live;
    switch (event.event) {
      case 'training.status':
        if (live?.runId === event.payload.runId) {
          const { phase } = event.payload;
          // A pause lands as phase 'paused', a resume as 'training' again: either ends the request.
          const control = (live.control === 'pausing' && phase === 'paused') || (live.control === 'resuming' && phase !== 'paused') ? null : live.control;
          set({ live: { ...live, phase, message: event.payload.message, control, backend: event.payload.backend ?? live.backend } });
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
      case 'evaluation.progress':
        if (event.payload.evaluationId === null) {
          if (live?.runId === event.payload.runId) set({ live: { ...live, testProgress: event.payload } });
        } else {
          get().evaluationProgress(event.payload);
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
