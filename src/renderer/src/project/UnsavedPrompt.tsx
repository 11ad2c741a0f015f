import { useState } from 'react';
import { create } from 'zustand';
import { useAppStore } from '../store';
import { isDirty } from '../store/projectSlice';
import { pickSavePath, saveProjectAt, suggestedSavePath } from './actions';
import { Modal } from './Dialogs';
import { clearRecovery } from './recovery';

/** How a question about unsaved changes ended: go on unless 'cancelled'. */
export type UnsavedOutcome = 'clean' | 'saved' | 'discarded' | 'cancelled';

interface Request {
  /** What would replace the project, for the question: "before opening another project". */
  action: string;
  resolve: (outcome: UnsavedOutcome) => void;
}

const usePrompt = create<{ request: Request | null }>(() => ({ request: null }));

/**
 * Before replacing the project: resolves 'clean' at once when nothing would be
 * lost, else asks Save / Discard / Cancel in LayerLab's own dialog.
 */
export function confirmDiscard(action: string): Promise<UnsavedOutcome> {
  if (!isDirty(useAppStore.getState())) return Promise.resolve('clean');
  usePrompt.getState().request?.resolve('cancelled');
  return new Promise((resolve) => usePrompt.setState({ request: { action, resolve } }));
}

export function proceeds(outcome: UnsavedOutcome): boolean {
  return outcome !== 'cancelled';
}

export function UnsavedDialog() {
  const request = usePrompt((s) => s.request);
  const name = useAppStore((s) => s.meta.name);
  const filePath = useAppStore((s) => s.filePath);
  const projectsDir = useAppStore((s) => s.settings?.projectsDir ?? '');
  // The web host has no native save dialog: a path is asked for here.
  const [path, setPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!request) return null;

  const finish = (outcome: UnsavedOutcome) => {
    usePrompt.setState({ request: null });
    setPath(null);
    setBusy(false);
    request.resolve(outcome);
  };
  const saveTo = async (target: string) => {
    setBusy(true);
    if (await saveProjectAt(target)) finish('saved');
    else setBusy(false);
  };
  const save = async () => {
    if (filePath) return saveTo(filePath);
    const picked = await pickSavePath(`${name}.layerlab`);
    if (!picked.supported) setPath(suggestedSavePath(projectsDir, name));
    else if (picked.path) await saveTo(picked.path);
  };
  const discard = async () => {
    setBusy(true);
    await clearRecovery().catch(() => undefined);
    finish('discarded');
  };

  return (
    <Modal title="Unsaved changes" onClose={() => finish('cancelled')}>
      <p data-testid="unsaved-message">
        <strong>{name}</strong> has changes that are not saved. Save them before {request.action}?
      </p>
      {path !== null && (
        <form
          className="path-form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveTo(path);
          }}
        >
          <input value={path} onChange={(e) => setPath(e.target.value)} aria-label="Save to path" data-testid="unsaved-save-path" autoFocus />
          <button type="submit" className="primary" disabled={busy || !path.trim()} data-testid="unsaved-save-confirm">
            Save
          </button>
        </form>
      )}
      <div className="dialog-buttons" style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginTop: 12 }}>
        {path === null && (
          <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="unsaved-save" autoFocus>
            Save
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => void discard()} data-testid="unsaved-discard">
          Discard changes
        </button>
        <button type="button" disabled={busy} onClick={() => finish('cancelled')} data-testid="unsaved-cancel">
          Cancel
        </button>
      </div>
    </Modal>
  );
}
