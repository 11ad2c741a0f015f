import { useState } from 'react';
import { KERAS_EXPORT_FORMATS, KERAS_EXPORT_LABELS } from '../../../engine/interchange/kerasExport';
import type { Checkpoint, RunRecord } from '../../../engine/project/schema';
import { api } from '../api/host';
import { useAppStore } from '../store';
import { exportPlan, FINAL_WEIGHTS, initialWeightsChoice, type ExportChoice } from './kerasExportChoice';
import { checkpointKindText } from './runStatus';

const PYTHON_LABEL = 'Python script (.py)';
/** The weights select's value where the format uses no weights (topology, script). */
const NO_WEIGHTS = 'none';

/** A checkpoint as the weights select lists it: "Epoch 3 (every epoch)", "Epoch 2 (best by val_loss = 0.31)". */
function checkpointLabel(checkpoint: Checkpoint, run: RunRecord): string {
  return `Epoch ${checkpoint.epoch} (${checkpointKindText(checkpoint, run)})`;
}

/**
 * "Export to Keras": the run's topology, weights or both, or a runnable
 * training script with its data, written beside the project. The weights are
 * the run's final ones or one of its checkpoints'. The path is editable text,
 * as in Save As, since web mode has no native save dialog; it follows the
 * format and the checkpoint until the user edits it.
 */
export function KerasExport({ run }: { run: RunRecord }) {
  const projectsDir = useAppStore((s) => s.settings?.projectsDir ?? '');
  const filePath = useAppStore((s) => s.filePath);
  const showNotice = useAppStore((s) => s.showNotice);
  const [format, setFormat] = useState<ExportChoice>('model-h5');
  const [weightsChoice, setWeightsChoice] = useState<string>(() => initialWeightsChoice(run));
  const [editedPath, setEditedPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { checkpoint, usesWeights, defaultPath, missingWeights } = exportPlan(run, format, weightsChoice, { projectFile: filePath, projectsDir });
  const path = editedPath ?? defaultPath;

  const exportNow = async () => {
    setBusy(true);
    try {
      if (format === 'python') {
        const written = await api.call('run.exportPython', { run, path });
        const data = written.dataPath ? ` with its data in ${written.dataPath}` : '';
        showNotice(`Exported a Python script to ${written.path}${data} (${written.bytes.toLocaleString('en-US')} bytes)`, 'info');
      } else {
        const written = await api.call('run.exportKeras', { run, checkpointId: checkpoint?.id ?? null, format, path });
        const from = checkpoint ? ` of the epoch ${checkpoint.epoch} checkpoint (${checkpointKindText(checkpoint, run)})` : '';
        showNotice(`Exported ${KERAS_EXPORT_LABELS[format].toLowerCase()}${from} to ${written.path} (${written.bytes.toLocaleString('en-US')} bytes)`, 'info');
      }
    } catch (error) {
      showNotice(`Export to Keras failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="run-export"
      data-testid="keras-export"
      onSubmit={(e) => {
        e.preventDefault();
        void exportNow();
      }}
    >
      <div className="run-export-row">
        <label className="small" htmlFor="keras-export-format">
          Export to Keras
        </label>
        <select id="keras-export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportChoice)} data-testid="keras-export-format">
          {KERAS_EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {KERAS_EXPORT_LABELS[f]}
            </option>
          ))}
          <option value="python">{PYTHON_LABEL}</option>
        </select>
        <label className="small" htmlFor="keras-export-weights">
          Weights
        </label>
        <select
          id="keras-export-weights"
          value={usesWeights ? (checkpoint?.id ?? FINAL_WEIGHTS) : NO_WEIGHTS}
          onChange={(e) => setWeightsChoice(e.target.value)}
          disabled={!usesWeights}
          title={usesWeights ? "The run's final weights, or one of its checkpoints'" : format === 'json' ? 'The topology holds no weights' : "The script trains from the run's settings: it uses no weights"}
          data-testid="keras-export-weights"
        >
          {usesWeights ? (
            <>
              <option value={FINAL_WEIGHTS} disabled={!run.hasWeights}>
                {run.hasWeights ? 'Final weights' : 'Final weights (none saved)'}
              </option>
              {run.checkpoints.map((c) => (
                <option key={c.id} value={c.id}>
                  {checkpointLabel(c, run)}
                </option>
              ))}
            </>
          ) : (
            <option value={NO_WEIGHTS}>No weights</option>
          )}
        </select>
      </div>
      <div className="run-export-row">
        <label className="small" htmlFor="keras-export-path">
          To file
        </label>
        <input id="keras-export-path" value={path} onChange={(e) => setEditedPath(e.target.value)} aria-label="Export to path" data-testid="keras-export-path" />
        <button
          type="submit"
          disabled={busy || !path.trim() || missingWeights}
          title={missingWeights ? 'This run has no saved weights' : 'Write the file for Keras 2 (tf.keras)'}
          data-testid="keras-export-button"
        >
          {busy ? 'Exporting…' : 'Export to Keras'}
        </button>
      </div>
    </form>
  );
}
