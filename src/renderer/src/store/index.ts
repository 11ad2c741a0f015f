import { temporal } from 'zundo';
import { create } from 'zustand';
import { useStoreWithEqualityFn } from 'zustand/traditional';
import type { TemporalState } from 'zundo';
import { createGraphSlice, type GraphSlice } from './graphSlice';
import { createEvaluationSlice, type EvaluationSlice } from './evaluationSlice';
import { editBursts as bursts } from './history';
import { createProjectSlice, type ProjectSlice } from './projectSlice';
import { createSystemSlice, type SystemSlice } from './systemSlice';
import { createTrainingSlice, type TrainingSlice } from './trainingSlice';

export type AppState = GraphSlice & ProjectSlice & TrainingSlice & SystemSlice & EvaluationSlice;

type TrackedState = Pick<AppState, 'graph'>;

export const useAppStore = create<AppState>()(
  temporal(
    (...args) => ({
      ...createGraphSlice(...args),
      ...createProjectSlice(...args),
      ...createTrainingSlice(...args),
      ...createSystemSlice(...args),
      ...createEvaluationSlice(...args),
    }),
    {
      // Only graph edits are undoable: telemetry, selection and settings are not.
      partialize: (state): TrackedState => ({ graph: state.graph }),
      equality: (a, b) => a.graph === b.graph,
      // A drag or a burst of typing becomes one undo step: the state before the burst is kept.
      handleSet: (handleSet) => bursts.wrap((pastState: Parameters<typeof handleSet>[0]) => handleSet(pastState)),
      limit: 200,
    },
  ),
);

export function useHistory<T>(selector: (state: TemporalState<TrackedState>) => T): T {
  return useStoreWithEqualityFn(useAppStore.temporal, selector);
}

/** Loading or creating a project starts a fresh history. */
export function resetHistory(): void {
  bursts.end();
  useAppStore.temporal.getState().clear();
}

export function undo(): void {
  bursts.end();
  useAppStore.temporal.getState().undo();
}

export function redo(): void {
  bursts.end();
  useAppStore.temporal.getState().redo();
}

// Opening or creating a project replaces the graph (projectSlice clears the
// layer selection); connections of the old graph must not stay selected, as
// template connection ids repeat from one project to the next.
useAppStore.subscribe((state, previous) => {
  if (state.meta !== previous.meta && state.selectedEdgeIds.length > 0) useAppStore.setState({ selectedEdgeIds: [] });
});
