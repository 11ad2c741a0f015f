import { useState } from 'react';
import { KERAS_EXPORT_FORMATS, KERAS_EXPORT_LABELS, kerasExportPath, type KerasExportFormat } from '../../../engine/interchange/kerasExport';
import { pythonScriptPath } from '../../../engine/interchange/pythonScript';
import type { RunRecord } from '../../../engine/project/schema';
import { api } from '../api/host';
import { useAppStore } from '../store';

/** The Keras file formats, plus a runnable Keras script (with a .npz of its data beside it). */
type ExportChoice = KerasExportFormat | 'python';
const PYTHON_LABEL = 'Python script (.py)';

/**
 * "Export to Keras": the run's topology, weights or both, or a runnable
 * training script with its data, written beside the project. The path is editable text, as in Save As, since web mode has no
 * native save dialog; it follows the format until the user edits it.
 */
export function KerasExport({ run }: { run: RunRecord }) {
  const projectsDir = useAppStore((s) => s.settings?.projectsDir ?? '');
  const filePath = useAppStore((s) => s.filePath);
  const showNotice = useAppStore((s) => s.showNotice);
  const [format, setFormat] = useState<ExportChoice>('model-h5');
  const [editedPath, setEditedPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = editedPath ?? (format === 'python' ? pythonScriptPath(filePath, projectsDir, run.name) : kerasExportPath(filePath, projectsDir, run.name, format));
  // The script trains from the run's settings; it needs no trained weights.
  const needsWeights = format !== 'json' && format !== 'python';

  const exportNow = async () => {
    setBusy(true);
    try {
      if (format === 'python') {
        const written = await api.call('run.exportPython', { run, path });
        const data = written.dataPath ? ` with its data in ${written.dataPath}` : '';
        showNotice(`Exported a Python script to ${written.path}${data} (${written.bytes.toLocaleString('en-US')} bytes)`, 'info');
      } else {
        const written = await api.call('run.exportKeras', { run, checkpointId: null, format, path });
        showNotice(`Exported ${KERAS_EXPORT_LABELS[format].toLowerCase()} to ${written.path} (${written.bytes.toLocaleString('en-US')} bytes)`, 'info');
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
      <input value={path} onChange={(e) => setEditedPath(e.target.value)} aria-label="Export to path" data-testid="keras-export-path" />
      <button
        type="submit"
        disabled={busy || !path.trim() || (needsWeights && !run.hasWeights)}
        title={needsWeights && !run.hasWeights ? 'This run has no saved weights' : 'Write the file for Keras 2 (tf.keras)'}
        data-testid="keras-export-button"
      >
        {busy ? 'Exporting…' : 'Export to Keras'}
      </button>
    </form>
  );
}
