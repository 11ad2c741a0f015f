import { useState } from 'react';
import { api } from '../api/host';
import { Modal } from '../project/Dialogs';
import { ProjectFileList } from '../project/ProjectFileList';
import { useProjectListing } from '../project/useProjectListing';
import { useAppStore } from '../store';

export interface ImportResult {
  path: string;
  added: string[];
  skipped: string[];
}

/** One sentence for the Runs tab: what was added, and what was skipped because it is already here. */
export function importSummary({ path, added, skipped }: ImportResult): string {
  const file = path.split(/[\\/]/).at(-1) ?? path;
  const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  const parts = [added.length > 0 ? `Added ${runs(added.length)} from ${file}: ${added.join(', ')}.` : `No new runs in ${file}.`];
  if (skipped.length > 0) parts.push(`Skipped ${runs(skipped.length)} already in this project: ${skipped.join(', ')}.`);
  return parts.join(' ');
}

/**
 * Reads another project file (`project.open`, which also makes its runs'
 * weights available under their ids) and appends its runs to the open
 * project, which stays open: a project holds one graph, so comparing
 * templates means gathering their runs into one project.
 */
async function importRunsFrom(path: string): Promise<ImportResult | null> {
  try {
    const opened = await api.call('project.open', { path });
    const { added, skipped } = useAppStore.getState().importRuns(opened.project.runs);
    return { path: opened.path, added: added.map((r) => r.name), skipped: skipped.map((r) => r.name) };
  } catch (error) {
    useAppStore.getState().showNotice(`Could not read runs from ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Lists project files as the Open dialog does (web mode has no native file dialog), or takes a typed path. */
export function AddRunsDialog({ onClose, onImported }: { onClose: () => void; onImported: (result: ImportResult) => void }) {
  const { files, dir } = useProjectListing();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const current = useAppStore((s) => s.filePath);
  const add = async (target: string) => {
    setBusy(true);
    const result = await importRunsFrom(target);
    setBusy(false);
    if (result) {
      onImported(result);
      onClose();
    }
  };
  return (
    <Modal title="Add runs from a project file" onClose={onClose}>
      <p className="muted small">The runs are copied into this project (it stays open); save it to keep them. Projects in {dir || '…'}</p>
      <ProjectFileList files={files} onPick={(file) => void add(file)} disabled={busy} current={current} testId="runs-source-files" itemTestId="runs-source-file" />
      <form
        className="path-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add(path.trim());
        }}
      >
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/project.layerlab" aria-label="Project file to add runs from" data-testid="runs-source-path" />
        <button type="submit" disabled={!path.trim() || busy}>
          Add runs
        </button>
      </form>
    </Modal>
  );
}
