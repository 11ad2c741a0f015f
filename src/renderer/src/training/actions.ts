import type { Checkpoint, RunRecord } from '../../../engine/project/schema';
import type { TrainingSettings } from '../../../engine/training';
import type { Graph } from '../../../engine/graph';
import { ApiError } from '../../../shared/contract';
import { api } from '../api/host';
import { useAppStore } from '../store';
import { evaluationKey } from '../store/evaluationSlice';
import { resumeEpochs } from '../runs/runStatus';
import { settingsProblems } from './settingsCheck';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface StartOptions {
  graph: Graph;
  settings: TrainingSettings;
  runName: string;
  initialWeightsFrom: string | null;
  template: string | null;
}

async function start(options: StartOptions): Promise<void> {
  const state = useAppStore.getState();
  // The Train button is disabled while a setting is wrong; should a start come anyway, say which field in words, not zod's.
  const problems = settingsProblems(options.settings);
  if (problems.length > 0) {
    state.setLastError(`Cannot train yet: ${problems.map((p) => p.message).join('; ')}.`);
    return;
  }
  try {
    const { runId } = await api.call('training.start', options);
    useAppStore.getState().beginRun(runId, options.runName);
  } catch (error) {
    state.setLastError(message(error));
  }
}

export async function startTraining(): Promise<void> {
  const state = useAppStore.getState();
  await start({
    graph: state.graph,
    settings: state.training,
    runName: `Run ${state.runs.length + 1}`,
    initialWeightsFrom: null,
    template: state.meta.template,
  });
}

/**
 * Trains a run's graph on from one of its checkpoints (weights and optimizer
 * state) for the epochs the run had left, at least one.
 */
export async function resumeFromCheckpoint(run: RunRecord, checkpoint: Checkpoint): Promise<void> {
  await start({
    graph: run.graph,
    settings: { ...run.settings, epochs: resumeEpochs(run, checkpoint) },
    runName: `${run.name} resumed from epoch ${checkpoint.epoch}`,
    initialWeightsFrom: checkpoint.id,
    template: run.template,
  });
}

export async function stopTraining(): Promise<void> {
  const live = useAppStore.getState().live;
  if (!live) return;
  useAppStore.getState().markStopping();
  await api.call('training.stop', { runId: live.runId });
}

/** Holds the live run after its current batch; the status event says when it has paused. */
export async function pauseTraining(): Promise<void> {
  await control('pausing');
}

export async function resumeTraining(): Promise<void> {
  await control('resuming');
}

async function control(kind: 'pausing' | 'resuming'): Promise<void> {
  const state = useAppStore.getState();
  const live = state.live;
  if (!live || live.control !== null) return;
  state.markControl(kind);
  try {
    const answer = kind === 'pausing' ? (await api.call('training.pause', { runId: live.runId })).paused : (await api.call('training.resume', { runId: live.runId })).resumed;
    if (!answer) {
      useAppStore.getState().markControl(null);
      useAppStore.getState().showNotice(kind === 'pausing' ? 'The run cannot be paused yet: it has not started training.' : 'The run could not be resumed.');
    }
  } catch (error) {
    useAppStore.getState().markControl(null);
    useAppStore.getState().showNotice(`${kind === 'pausing' ? 'Pause' : 'Resume'} failed: ${message(error)}`);
  }
}

/** crypto.randomUUID exists only in secure contexts; the web UI may be served over plain http on a LAN. */
function newEvaluationId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Evaluates a run's saved weights (or one checkpoint's) on the test set, on at
 * most `limit` samples (null: the run's test limit). Progress shows in the
 * Runs tab through `evaluation.progress`; the result is stored in the run or
 * the checkpoint, and so saved with the project.
 */
export async function evaluateRun(run: RunRecord, options: { checkpointId?: string | null; limit?: number | null } = {}): Promise<void> {
  const checkpointId = options.checkpointId ?? null;
  const key = evaluationKey(run.id, checkpointId);
  const previous = useAppStore.getState().evaluations[key]?.state;
  if (previous === 'running' || previous === 'cancelling') return;
  const evaluationId = newEvaluationId();
  const checkpoint = checkpointId ? run.checkpoints.find((c) => c.id === checkpointId) : undefined;
  useAppStore.getState().trackEvaluation({ evaluationId, runId: run.id, checkpointId, state: 'running', done: 0, total: 0, etaMs: null, error: null, result: null });
  try {
    const test = await api.call('training.evaluate', { run, checkpointId, limit: options.limit ?? null, evaluationId });
    const state = useAppStore.getState();
    state.patchEvaluation(evaluationId, { state: 'done', result: test, done: test.samples, total: test.samples, etaMs: 0 });
    const name = checkpoint ? `${run.name} @ epoch ${checkpoint.epoch}` : run.name;
    state.showNotice(`${name}: test accuracy ${test.accuracy?.toFixed(4) ?? 'n/a'} (${test.samples} samples)`, 'info');
    // Same weights and samples give the same numbers; only a real change marks the project edited.
    const current = state.runs.find((r) => r.id === run.id);
    const before = checkpointId ? current?.checkpoints.find((c) => c.id === checkpointId)?.test : current?.test;
    if (!current || (before && before.loss === test.loss && before.accuracy === test.accuracy && before.samples === test.samples)) return;
    if (checkpoint) state.setCheckpointTest(run.id, checkpoint.id, test);
    else state.updateRun(run.id, { test });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'cancelled') useAppStore.getState().patchEvaluation(evaluationId, { state: 'cancelled' });
    else {
      useAppStore.getState().patchEvaluation(evaluationId, { state: 'failed', error: message(error) });
      useAppStore.getState().showNotice(`Evaluation failed: ${message(error)}`);
    }
  }
}

/** Asks the backend to end an evaluation; its `training.evaluate` then fails with "cancelled". */
export async function cancelEvaluation(runId: string, checkpointId: string | null): Promise<void> {
  const evaluation = useAppStore.getState().evaluations[evaluationKey(runId, checkpointId)];
  if (evaluation?.state !== 'running') return;
  useAppStore.getState().patchEvaluation(evaluation.evaluationId, { state: 'cancelling' });
  try {
    const { cancelled } = await api.call('training.cancelEvaluation', { evaluationId: evaluation.evaluationId });
    // Not found: it had ended already, and its answer says how.
    if (!cancelled) return;
  } catch (error) {
    useAppStore.getState().showNotice(`Cancel failed: ${message(error)}`);
  }
}
