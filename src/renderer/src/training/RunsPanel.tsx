import { useRef, useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { AddRunsDialog, importSummary, type ImportResult } from '../runs/AddRunsDialog';
import { CompareCharts } from '../runs/CompareCharts';
import { exportChartsPng } from '../runs/exportCurves';
import { RunDetails } from '../runs/RunDetails';
import { RunsTable } from '../runs/RunsTable';
import { WhatChangedDialog } from '../runs/WhatChangedDialog';
import { useAppStore } from '../store';

/**
 * The project's runs: a sortable table, the ticked runs' curves overlaid
 * (with the tutorial's own figures), what changed between two runs, runs
 * gathered from other project files, CSV/PNG export, and the selected run's
 * details (evaluation with progress and Cancel, checkpoints). The side panel
 * widens while this tab is shown (styles.css, "Runs tab").
 */
export function RunsPanel() {
  const runs = useAppStore((s) => s.runs);
  const comparedIds = useAppStore((s) => s.comparedRunIds);
  const viewedRunId = useAppStore((s) => s.viewedRunId);
  const projectName = useAppStore((s) => s.meta.name);
  const [dialog, setDialog] = useState<'add' | 'diff' | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [showTutorial, setShowTutorial] = useState(true);
  const chartsRef = useRef<HTMLDivElement>(null);

  // Ids of deleted runs may linger in the selection: only runs still here count.
  const compared = new Set(comparedIds.filter((id) => runs.some((r) => r.id === id)));
  const toggle = (id: string) => useAppStore.getState().setComparedRunIds(compared.has(id) ? [...compared].filter((c) => c !== id) : [...compared, id]);
  const ticked = runs.filter((r) => compared.has(r.id));
  // Nothing ticked: the viewed run alone, so the tab always shows curves when there are runs.
  const charted: RunRecord[] = ticked.length > 0 ? ticked : runs.filter((r) => r.id === viewedRunId);
  // The selected run's evaluation, end and checkpoints.
  const viewed = runs.find((r) => r.id === viewedRunId) ?? null;
  const pair = ticked.length === 2 ? ([ticked[0]!, ticked[1]!] as const) : null;

  return (
    <div className="runs-view" data-testid="runs-view">
      <div className="runs-toolbar">
        <button type="button" onClick={() => setDialog('add')} data-testid="add-runs">
          Add runs from a project file…
        </button>
        <button type="button" disabled={!pair} onClick={() => setDialog('diff')} title="Tick exactly two runs to compare their graphs and settings" data-testid="what-changed">
          What changed
        </button>
        <label className="small">
          <input type="checkbox" checked={showTutorial} onChange={(e) => setShowTutorial(e.target.checked)} data-testid="show-tutorial" /> Tutorial reference
        </label>
        <span className="spacer" />
        <button
          type="button"
          disabled={charted.length === 0}
          onClick={() => chartsRef.current && void exportChartsPng(chartsRef.current, `${projectName}-${charted.map((r) => r.name).join('-')}`)}
          title="Download the charts below as a PNG image"
          data-testid="export-charts-png"
        >
          Export PNG
        </button>
      </div>
      {imported && (
        <p className="import-result small" data-testid="import-result">
          {importSummary(imported)}{' '}
          <button type="button" className="link" onClick={() => setImported(null)} aria-label="Dismiss">
            ✕
          </button>
        </p>
      )}
      {runs.length === 0 ? (
        <p className="muted">No runs yet. Train the model to record one, or add runs from another project file.</p>
      ) : (
        <>
          <RunsTable runs={runs} compared={compared} onToggle={toggle} />
          {viewed && <RunDetails key={viewed.id} run={viewed} />}
          <p className="muted small" data-testid="compare-caption">
            {ticked.length > 0 ? `Comparing ${ticked.length} run${ticked.length === 1 ? '' : 's'}.` : 'Tick runs to overlay their curves; showing the selected run.'}
            {showTutorial && ' Dashed: the figures the tutorial printed for the run’s template.'}
          </p>
          {charted.length > 0 && <CompareCharts ref={chartsRef} runs={charted} showTutorial={showTutorial} />}
        </>
      )}
      {dialog === 'add' && <AddRunsDialog onClose={() => setDialog(null)} onImported={setImported} />}
      {dialog === 'diff' && pair && <WhatChangedDialog runs={pair} onClose={() => setDialog(null)} />}
    </div>
  );
}
