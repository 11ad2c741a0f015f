import { create } from 'zustand';
import type { RunRecord } from '../../../engine/project/schema';
import type { ActivationsSnapshot } from '../../../shared/activations';
import { api } from '../api/host';

/**
 * The latest layer images per run: live ones as the trainer sends them (the
 * last one stays once the run is saved), saved runs' on request. Kept apart
 * from the app store: megabytes of pixels have no place in undo history or
 * in the project file.
 */
interface ActivationsState {
  byRun: Record<string, ActivationsSnapshot>;
  /** Runs whose images are being computed from their weights, or why that failed. */
  requests: Record<string, 'loading' | { error: string }>;
}

export const useActivations = create<ActivationsState>(() => ({ byRun: {}, requests: {} }));

/** Only the last few runs' images are kept: each may be megabytes. */
const KEEP_RUNS = 6;

function remember(runId: string, snapshot: ActivationsSnapshot): void {
  useActivations.setState((state) => {
    const kept = Object.entries(state.byRun).filter(([id]) => id !== runId).slice(-(KEEP_RUNS - 1));
    return { byRun: Object.fromEntries([...kept, [runId, snapshot]]) };
  });
}

api.subscribe((event) => {
  if (event.event !== 'training.activations') return;
  const { runId, ...snapshot } = event.payload;
  remember(runId, snapshot);
});

/** Computes a saved run's layer images from its weights, once (again with `force`). */
export async function requestRunActivations(run: RunRecord, force = false): Promise<void> {
  const { byRun, requests } = useActivations.getState();
  if (!run.hasWeights || requests[run.id] === 'loading' || (!force && (byRun[run.id] || requests[run.id]))) return;
  useActivations.setState((s) => ({ requests: { ...s.requests, [run.id]: 'loading' } }));
  try {
    const snapshot = await api.call('training.activations', { run, samples: null });
    remember(run.id, snapshot);
    useActivations.setState((s) => {
      const { [run.id]: _done, ...rest } = s.requests;
      return { requests: rest };
    });
  } catch (error) {
    useActivations.setState((s) => ({ requests: { ...s.requests, [run.id]: { error: error instanceof Error ? error.message : String(error) } } }));
  }
}
