import type { StateCreator } from 'zustand';
import type { TestResult } from '../../../engine/project/schema';
import type { EventPayload } from '../../../shared/contract';
import type { AppState } from './index';

export type EvaluationState = 'running' | 'cancelling' | 'cancelled' | 'failed' | 'done';

/** One `training.evaluate` of a run's weights or of one checkpoint's, as the Runs tab shows it. */
export interface Evaluation {
  evaluationId: string;
  runId: string;
  checkpointId: string | null;
  state: EvaluationState;
  /** Samples evaluated so far, of `total`; total is 0 until the first progress event. */
  done: number;
  total: number;
  etaMs: number | null;
  /** Why it failed, in the backend's words. */
  error: string | null;
  result: TestResult | null;
}

/** Evaluations are keyed by what they evaluate: a checkpoint's id, else the run's. */
export function evaluationKey(runId: string, checkpointId: string | null): string {
  return checkpointId ?? runId;
}

/** Test-set evaluations started from the Runs tab: never saved, never undone. */
export interface EvaluationSlice {
  evaluations: Record<string, Evaluation>;
  /** Starts tracking an evaluation (replacing an ended one of the same weights). */
  trackEvaluation(evaluation: Evaluation): void;
  /** Updates the evaluation with this id, if it is still the one tracked for its weights. */
  patchEvaluation(evaluationId: string, patch: Partial<Evaluation>): void;
  evaluationProgress(payload: EventPayload<'evaluation.progress'>): void;
}

export const createEvaluationSlice: StateCreator<AppState, [], [], EvaluationSlice> = (set, get) => ({
  evaluations: {},
  trackEvaluation(evaluation) {
    set({ evaluations: { ...get().evaluations, [evaluationKey(evaluation.runId, evaluation.checkpointId)]: evaluation } });
  },
  patchEvaluation(evaluationId, patch) {
    const entry = Object.entries(get().evaluations).find(([, e]) => e.evaluationId === evaluationId);
    if (!entry) return;
    set({ evaluations: { ...get().evaluations, [entry[0]]: { ...entry[1], ...patch } } });
  },
  evaluationProgress(payload) {
    if (payload.evaluationId === null) return;
    const current = Object.values(get().evaluations).find((e) => e.evaluationId === payload.evaluationId);
    // Progress that arrives after the answer (or after Cancel) changes nothing.
    if (!current || current.state !== 'running') return;
    get().patchEvaluation(payload.evaluationId, { done: payload.done, total: payload.total, etaMs: payload.etaMs });
  },
});
