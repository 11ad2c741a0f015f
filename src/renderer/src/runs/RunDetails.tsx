import { useState } from 'react';
import type { Checkpoint, RunRecord, TestResult } from '../../../engine/project/schema';
import { testLimitOf } from '../../../engine/training';
import { DraftInput } from '../editor/DraftField';
import { parseNumberDraft } from '../editor/draftValue';
import { useAppStore } from '../store';
import { evaluationKey, type Evaluation } from '../store/evaluationSlice';
import { KerasExport } from './KerasExport';
import { cancelEvaluation, evaluateRun, resumeFromCheckpoint } from '../training/actions';
import { fixed } from '../training/format';
import { checkpointKindText, evaluationProgressText, resumeEpochs, runEndDetail } from './runStatus';

function testText(test: TestResult | null): string {
  if (!test) return '—';
  return `acc ${fixed(test.accuracy)} · loss ${fixed(test.loss)} (${test.samples.toLocaleString('en-US')})`;
}

/** Where an evaluation is: its progress, "Cancelled", or why it failed; nothing once it is done or before it starts. */
function EvaluationState({ evaluation, testId }: { evaluation: Evaluation | undefined; testId: string }) {
  if (!evaluation || evaluation.state === 'done') return null;
  const text =
    evaluation.state === 'running'
      ? `Evaluating: ${evaluationProgressText(evaluation)}`
      : evaluation.state === 'cancelling'
        ? 'Cancelling…'
        : evaluation.state === 'cancelled'
          ? 'Cancelled'
          : `Evaluation failed: ${evaluation.error ?? 'unknown error'}`;
  return (
    <span className={evaluation.state === 'failed' ? 'evaluation-state error-text' : 'evaluation-state muted'} data-testid={testId} data-state={evaluation.state}>
      {text}
    </span>
  );
}

function EvaluateButton({ run, checkpoint, limit, disabled }: { run: RunRecord; checkpoint: Checkpoint | null; limit: number | null; disabled: boolean }) {
  const evaluation = useAppStore((s) => s.evaluations[evaluationKey(run.id, checkpoint?.id ?? null)]);
  const active = evaluation?.state === 'running' || evaluation?.state === 'cancelling';
  const prefix = checkpoint ? 'checkpoint' : 'run';
  if (active) {
    return (
      <button
        type="button"
        disabled={evaluation.state === 'cancelling'}
        onClick={() => void cancelEvaluation(run.id, checkpoint?.id ?? null)}
        data-testid={`${prefix}-cancel-evaluation`}
      >
        Cancel
      </button>
    );
  }
  return (
    <button
      type="button"
      disabled={disabled}
      onClick={() => void evaluateRun(run, { checkpointId: checkpoint?.id ?? null, limit })}
      title={`Evaluate ${checkpoint ? `the weights of epoch ${checkpoint.epoch}` : "the run's final weights"} on the test set`}
      data-testid={`${prefix}-evaluate`}
    >
      Evaluate
    </button>
  );
}

/**
 * The viewed run beyond its table row: how it ended, an evaluation with a
 * chosen number of test samples (progress, Cancel), and its checkpoints, each
 * of which can be evaluated, tried in the playground, or trained on from.
 */
export function RunDetails({ run }: { run: RunRecord }) {
  const runEvaluation = useAppStore((s) => s.evaluations[run.id]);
  const training = useAppStore((s) => s.live !== null);
  const choosePlayground = useAppStore((s) => s.choosePlayground);
  const defaultLimit = testLimitOf(run.settings);
  const [limit, setLimit] = useState<number | null>(defaultLimit);
  const [limitError, setLimitError] = useState<string | null>(null);
  const detail = runEndDetail(run);
  return (
    <section className="run-details" data-testid="run-details" data-run-id={run.id}>
      <h3>
        {run.name} <span className="muted small">{run.status}</span>
      </h3>
      {detail && (
        <p className="small" data-testid="run-details-end">
          {detail}
        </p>
      )}
      <div className="run-evaluate">
        <label className="small" htmlFor="run-eval-limit">
          Test samples
        </label>
        <DraftInput<number | null>
          id="run-eval-limit"
          testId="run-eval-limit"
          value={limit}
          placeholder="all"
          parse={(text) => parseNumberDraft(text, 'Test samples', { integer: true, min: 1, nullable: true })}
          onCommit={setLimit}
          onErrorChange={setLimitError}
        />
        <EvaluateButton run={run} checkpoint={null} limit={limit} disabled={!run.hasWeights || limitError !== null} />
        <EvaluationState evaluation={runEvaluation} testId="run-evaluation-state" />
        <span className="small" data-testid="run-details-test">
          Test: {testText(run.test)}
        </span>
      </div>
      <KerasExport key={run.id} run={run} />
      {run.checkpoints.length === 0 ? (
        <p className="muted small" data-testid="no-checkpoints">
          No checkpoints: set "Checkpoint every" or "Keep the best checkpoint" in the Train tab before training.
        </p>
      ) : (
        <table className="checkpoints-table" data-testid="checkpoints-table">
          <thead>
            <tr>
              <th className="num">Epoch</th>
              <th>Kind</th>
              <th>Test</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {run.checkpoints.map((checkpoint) => (
              <CheckpointRow
                key={checkpoint.id}
                run={run}
                checkpoint={checkpoint}
                limit={limit}
                limitError={limitError}
                training={training}
                onTry={() => choosePlayground({ runId: run.id, checkpointId: checkpoint.id })}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CheckpointRow(props: {
  run: RunRecord;
  checkpoint: Checkpoint;
  limit: number | null;
  limitError: string | null;
  training: boolean;
  onTry: () => void;
}) {
  const { run, checkpoint } = props;
  const evaluation = useAppStore((s) => s.evaluations[checkpoint.id]);
  return (
    <tr data-testid="checkpoint-row" data-checkpoint-id={checkpoint.id} data-epoch={checkpoint.epoch}>
      <td className="num">{checkpoint.epoch}</td>
      <td data-testid="checkpoint-kind">{checkpointKindText(checkpoint, run)}</td>
      <td data-testid="checkpoint-test">
        {testText(checkpoint.test)} <EvaluationState evaluation={evaluation} testId="checkpoint-evaluation-state" />
      </td>
      <td className="row-actions">
        <EvaluateButton run={run} checkpoint={checkpoint} limit={props.limit} disabled={props.limitError !== null} />
        <button type="button" onClick={props.onTry} title="Use these weights in the Try it tab" data-testid="checkpoint-try">
          Use in playground
        </button>
        <button
          type="button"
          disabled={props.training}
          onClick={() => void resumeFromCheckpoint(run, checkpoint)}
          title={`Train on from these weights and the optimizer's state for ${resumeEpochs(run, checkpoint)} more epoch(s), as a new run`}
          data-testid="checkpoint-resume"
        >
          Resume from here
        </button>
      </td>
    </tr>
  );
}
