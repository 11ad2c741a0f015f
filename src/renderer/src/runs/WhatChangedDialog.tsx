import type { RunRecord } from '../../../engine/project/schema';
import { diffRuns, formatDiffValue, isEmptyDiff, type FieldChange } from '../../../engine/runDiff';
import { Modal } from '../project/Dialogs';
import { runLabel } from './runColumns';

function Changes({ changes }: { changes: readonly FieldChange[] }) {
  return (
    <table className="diff-table">
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <th scope="row">
              <code>{c.path}</code>
            </th>
            <td className="diff-before">{formatDiffValue(c.before)}</td>
            <td aria-hidden="true">→</td>
            <td className="diff-after">{formatDiffValue(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What changed from the older of two runs to the newer: layers (by name) and training settings, field by field. */
export function WhatChangedDialog({ runs, onClose }: { runs: readonly [RunRecord, RunRecord]; onClose: () => void }) {
  const [before, after] = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt)) as [RunRecord, RunRecord];
  const diff = diffRuns(before, after);
  const g = diff.graph;
  return (
    <Modal title="What changed" onClose={onClose} className="modal-wide what-changed">
      <p className="small" data-testid="diff-runs">
        From <strong>{runLabel(before)}</strong> to <strong>{runLabel(after)}</strong>
      </p>
      {isEmptyDiff(diff) && <p data-testid="diff-empty">Same graph and settings.</p>}
      <section data-testid="diff-graph">
        <h3>Layers</h3>
        {g.added.length + g.removed.length + g.changed.length === 0 && <p className="muted small">No layer changed.</p>}
        {g.removed.length > 0 && (
          <p className="diff-removed" data-testid="diff-layers-removed">
            Removed: {g.removed.map((l) => `${l.name} (${l.kind})`).join(', ')}
          </p>
        )}
        {g.added.length > 0 && (
          <p className="diff-added" data-testid="diff-layers-added">
            Added: {g.added.map((l) => `${l.name} (${l.kind})`).join(', ')}
          </p>
        )}
        {g.changed.map((layer) => (
          <div key={layer.name} data-testid="diff-layer-changed">
            <h4>
              {layer.name} <span className="muted">({layer.kind})</span>
            </h4>
            <Changes changes={layer.changes} />
          </div>
        ))}
        {(g.connectionsAdded.length > 0 || g.connectionsRemoved.length > 0) && (
          <p className="small">
            {g.connectionsRemoved.length > 0 && <span className="diff-removed">Connections removed: {g.connectionsRemoved.join(', ')}. </span>}
            {g.connectionsAdded.length > 0 && <span className="diff-added">Connections added: {g.connectionsAdded.join(', ')}.</span>}
          </p>
        )}
      </section>
      <section data-testid="diff-settings">
        <h3>Training settings</h3>
        {diff.settings.length === 0 ? <p className="muted small">Same settings.</p> : <Changes changes={diff.settings} />}
      </section>
      <p style={{ textAlign: 'right' }}>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </p>
    </Modal>
  );
}
