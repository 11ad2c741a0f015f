import { redo, undo, useAppStore, useHistory } from '../store';
import { isDirty } from '../store/projectSlice';
import { newProject, pickOpenPath, pickSavePath, openProjectAt, saveProjectAt } from './actions';
import { confirmDiscard, proceeds } from './UnsavedPrompt';

export type DialogName = 'open' | 'save-as' | 'new' | null;

export async function saveOrAsk(showDialog: (d: DialogName) => void, forceAsk = false): Promise<void> {
  const state = useAppStore.getState();
  if (state.filePath && !forceAsk) {
    await saveProjectAt(state.filePath);
    return;
  }
  const picked = await pickSavePath(`${state.meta.name}.layerlab`);
  if (!picked.supported) showDialog('save-as');
  else if (picked.path) await saveProjectAt(picked.path);
}

/** New: asks about unsaved changes first; discarding them leaves an empty project behind the template gallery. */
export async function newOrAsk(showDialog: (d: DialogName) => void): Promise<void> {
  const outcome = await confirmDiscard('starting a new project');
  if (!proceeds(outcome)) return;
  if (outcome === 'discarded') newProject(null);
  showDialog('new');
}

export async function openOrAsk(showDialog: (d: DialogName) => void): Promise<void> {
  if (!proceeds(await confirmDiscard('opening another project'))) return;
  const picked = await pickOpenPath();
  if (!picked.supported) showDialog('open');
  else if (picked.path) await openProjectAt(picked.path);
}

/** What each tfjs backend means to a user; the tooltip has the full reason. */
const BACKEND_LABELS: Record<string, string> = {
  tensorflow: 'Native TensorFlow',
  wasm: 'WebAssembly (not native)',
  cpu: 'Pure-JS CPU (slow)',
};

function BackendBadge() {
  const backend = useAppStore((s) => s.backend);
  const host = useAppStore((s) => s.system?.host);
  if (!backend) return <span className="badge muted">backend: probing…</span>;
  return (
    <span className={`badge ${backend.native ? 'native' : 'fallback'}`} title={backend.detail} data-testid="backend-badge">
      {BACKEND_LABELS[backend.name] ?? backend.name} · {host}
    </span>
  );
}

export function Toolbar({ showDialog }: { showDialog: (d: DialogName) => void }) {
  const name = useAppStore((s) => s.meta.name);
  const filePath = useAppStore((s) => s.filePath);
  const dirty = useAppStore(isDirty);
  const canUndo = useHistory((h) => h.pastStates.length > 0);
  const canRedo = useHistory((h) => h.futureStates.length > 0);
  const training = useAppStore((s) => s.live !== null);
  return (
    <header className="toolbar">
      <span className="brand">LayerLab</span>
      <button type="button" onClick={() => void newOrAsk(showDialog)} disabled={training} data-testid="new-project">
        New
      </button>
      <button type="button" onClick={() => void openOrAsk(showDialog)} disabled={training} data-testid="open-project">
        Open…
      </button>
      <button type="button" onClick={() => void saveOrAsk(showDialog)} data-testid="save-project">
        Save
      </button>
      <button type="button" onClick={() => void saveOrAsk(showDialog, true)} data-testid="save-project-as">
        Save As…
      </button>
      <span className="sep" />
      <button type="button" onClick={() => undo()} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
        Undo
      </button>
      <button type="button" onClick={() => redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
        Redo
      </button>
      <span className="sep" />
      <input
        className="project-name"
        value={name}
        onChange={(e) => useAppStore.getState().setProjectName(e.target.value)}
        aria-label="Project name"
        data-testid="project-name"
      />
      <span className="muted small file-path" data-testid="file-path" title={filePath ?? ''}>
        {filePath ?? 'not saved'}
        {dirty ? ' •' : ''}
      </span>
      <span className="spacer" />
      <BackendBadge />
    </header>
  );
}
