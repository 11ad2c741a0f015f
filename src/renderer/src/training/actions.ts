import type { RunRecord } from '../../../engine/project/schema';
import { api } from '../api/host';
import { useAppStore } from '../store';
import { settingsProblems } from './settingsCheck';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function startTraining(): Promise<void> {
  const state = useAppStore.getState();
  const runName = `Run ${state.runs.length + 1}`;
  // The Train button is disabled while a setting is wrong; should a start come anyway, say which field in words, not zod's.
  const problems = settingsProblems(state.training);
  if (problems.length > 0) {
    state.setLastError(`Cannot train yet: ${problems.map((p) => p.message).join('; ')}.`);
    return;
  }
  try {
    const { runId } = await api.call('training.start', { graph: state.graph, settings: state.training, runName, initialWeightsFrom: null });
    useAppStore.getState().beginRun(runId, runName);
  } catch (error) {
    state.setLastError(message(error));
  }
}

export async function stopTraining(): Promise<void> {
  const live = useAppStore.getState().live;
  if (!live) return;
  useAppStore.getState().markStopping();
  await api.call('training.stop', { runId: live.runId });
}

/** Re-runs the test set on a run's saved weights, without training. */
export async function evaluateRun(run: RunRecord): Promise<void> {
  const state = useAppStore.getState();
  try {
    state.showNotice(`Evaluating ${run.name} on the test set…`, 'info');
    const test = await api.call('training.evaluate', { run });
    // Same weights give the same numbers; only a real change marks the project edited.
    if (test.loss !== run.test?.loss || test.accuracy !== run.test?.accuracy) useAppStore.getState().updateRun(run.id, { test });
    useAppStore.getState().showNotice(`${run.name}: test accuracy ${test.accuracy?.toFixed(4) ?? 'n/a'}`, 'info');
  } catch (error) {
    useAppStore.getState().showNotice(`Evaluation failed: ${message(error)}`);
  }
}
