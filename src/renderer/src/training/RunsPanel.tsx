import { useAppStore } from '../store';
import { evaluateRun } from './actions';
import { fixed } from './format';

export function RunsPanel() {
  const runs = useAppStore((s) => s.runs);
  const viewedRunId = useAppStore((s) => s.viewedRunId);
  const { viewRun, deleteRun } = useAppStore.getState();
  if (runs.length === 0) return <p className="muted">No runs yet. Train the model to record one.</p>;
  return (
    <table className="runs" data-testid="runs-table">
      <colgroup>
        <col className="name" />
        <col />
        <col />
        <col />
        <col className="actions" />
      </colgroup>
      <thead>
        <tr>
          <th>Run</th>
          <th>Status</th>
          <th>Ep.</th>
          <th>Test acc</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {[...runs].reverse().map((run) => (
          <tr key={run.id} className={run.id === viewedRunId ? 'viewed' : ''} onClick={() => viewRun(run.id)} data-testid="run-row">
            <td title={new Date(run.startedAt).toLocaleString()}>{run.name}</td>
            <td title={[`${run.status} on ${run.backend}${run.error ? `: ${run.error}` : ''}`, ...run.kernels].join('\n')}>
              {run.status} · {run.backend}
            </td>
            <td>{run.epochs.length}</td>
            <td>{fixed(run.test?.accuracy)}</td>
            <td className="row-actions">
              <button type="button" disabled={!run.hasWeights} onClick={(e) => (e.stopPropagation(), void evaluateRun(run))} data-testid="evaluate-run">
                Evaluate
              </button>
              <button type="button" onClick={(e) => (e.stopPropagation(), deleteRun(run.id))} title="Remove this run from the project">
                ✕
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
