import { useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { useAppStore } from '../store';
import { cancelEvaluation, evaluateRun } from '../training/actions';
import { exportRunCsv } from './exportCurves';
import { DEFAULT_SORT, RUN_COLUMNS, nextSort, sortRuns, type RunSort } from './runColumns';
import { runEndDetail } from './runStatus';

function statusTitle(run: RunRecord): string {
  const lines = [`${run.status} on ${run.backend}${run.error ? `: ${run.error}` : ''}`];
  const detail = runEndDetail(run);
  if (detail) lines.push(detail);
  return [...lines, ...run.kernels].join('\n');
}

/**
 * Every run with its settings and results. The first two columns (tick box
 * and name) and the actions stick to the sides while the rest scrolls
 * sideways, so no run is unnamed or out of reach in a narrow window.
 */
export function RunsTable({ runs, compared, onToggle }: { runs: readonly RunRecord[]; compared: ReadonlySet<string>; onToggle: (id: string) => void }) {
  const viewedRunId = useAppStore((s) => s.viewedRunId);
  const evaluations = useAppStore((s) => s.evaluations);
  const { viewRun, deleteRun } = useAppStore.getState();
  const [sort, setSort] = useState<RunSort>(DEFAULT_SORT);
  const sorted = sortRuns(runs, sort);
  return (
    <div className="runs-scroll" data-testid="runs-scroll">
      <table className="runs-table" data-testid="runs-table">
        <thead>
          <tr>
            <th className="sticky-select" aria-label="Compare" />
            {RUN_COLUMNS.map((c) => (
              <th
                key={c.key}
                className={[c.key === 'name' ? 'sticky-name' : '', c.numeric ? 'num' : ''].join(' ').trim() || undefined}
                title={c.hint ?? `Sort by ${c.label.toLowerCase()}`}
                aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" className="sort-header" onClick={() => setSort(nextSort(sort, c.key))} data-testid={`sort-${c.key}`}>
                  {c.label}
                  <span className="sort-mark">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                </button>
              </th>
            ))}
            <th className="sticky-actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((run) => (
            <tr key={run.id} className={run.id === viewedRunId ? 'viewed' : ''} onClick={() => viewRun(run.id)} data-testid="run-row" data-run-id={run.id}>
              <td className="sticky-select" onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" checked={compared.has(run.id)} onChange={() => onToggle(run.id)} aria-label={`Compare ${run.name}`} data-testid="compare-run" />
              </td>
              {RUN_COLUMNS.map((c) => (
                <td
                  key={c.key}
                  className={[c.key === 'name' ? 'sticky-name' : '', c.numeric ? 'num' : ''].join(' ').trim() || undefined}
                  title={c.key === 'status' ? statusTitle(run) : c.key === 'name' ? `${run.name}\n${new Date(run.startedAt).toLocaleString()}` : undefined}
                  data-col={c.key}
                >
                  {c.text(run)}
                </td>
              ))}
              <td className="sticky-actions row-actions">
                {evaluations[run.id]?.state === 'running' || evaluations[run.id]?.state === 'cancelling' ? (
                  <button
                    type="button"
                    disabled={evaluations[run.id]?.state === 'cancelling'}
                    onClick={(e) => (e.stopPropagation(), void cancelEvaluation(run.id, null))}
                    title="Cancel this run's test evaluation"
                    data-testid="cancel-run-evaluation"
                  >
                    Cancel
                  </button>
                ) : (
                  <button
                    type="button"
                    disabled={!run.hasWeights}
                    // The run's details below show the progress and the result.
                    onClick={(e) => (e.stopPropagation(), viewRun(run.id), void evaluateRun(run))}
                    title="Evaluate this run's weights on the test set (its test samples; the details below take another number)"
                    data-testid="evaluate-run"
                  >
                    Evaluate
                  </button>
                )}
                <button type="button" disabled={run.epochs.length === 0} onClick={(e) => (e.stopPropagation(), exportRunCsv(run))} title="Download this run's per-epoch metrics as CSV" data-testid="export-run-csv">
                  CSV
                </button>
                <button type="button" onClick={(e) => (e.stopPropagation(), deleteRun(run.id))} title="Remove this run from the project" aria-label={`Remove ${run.name}`} data-testid="delete-run">
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
