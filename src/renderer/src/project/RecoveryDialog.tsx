import type { Recovery } from '../../../shared/contract';
import { resetHistory, useAppStore } from '../store';
import { Modal } from './Dialogs';
import { clearRecovery, noteRestored, recoveryTime } from './recovery';
import { setLastProjectPath } from './session';

/** Offered at start when the last session ended with unsaved, autosaved work (a crash, a kill, a closed tab). */
export function RecoveryDialog({ recovery, onDone }: { recovery: Recovery; onDone: (restored: boolean) => void }) {
  const restore = () => {
    useAppStore.getState().restoreRecovered(recovery.project, recovery.filePath);
    resetHistory();
    noteRestored();
    setLastProjectPath(recovery.filePath);
    onDone(true);
  };
  const discard = async () => {
    await clearRecovery().catch(() => undefined);
    onDone(false);
  };
  const layers = recovery.project.graph.nodes.length;
  return (
    // Neither Escape nor a click beside it decides: the choice is explicit.
    <Modal title="Recover unsaved changes" onClose={() => undefined}>
      <p data-testid="recovery-question">Recover unsaved changes from {recoveryTime(recovery.savedAt)}?</p>
      <p className="muted small" data-testid="recovery-detail">
        {recovery.project.name} · {layers} {layers === 1 ? 'layer' : 'layers'} · {recovery.filePath ?? 'never saved'}
      </p>
      <div className="dialog-buttons" style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginTop: 12 }}>
        <button type="button" className="primary" onClick={restore} data-testid="recovery-restore" autoFocus>
          Restore
        </button>
        <button type="button" onClick={() => void discard()} data-testid="recovery-discard">
          Discard
        </button>
      </div>
    </Modal>
  );
}
