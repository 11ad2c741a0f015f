import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { ImagesPanel } from './activations/ImagesPanel';
import { api } from './api/host';
import { DataPanel } from './data/DataPanel';
import { Canvas } from './editor/Canvas';
import { Inspector } from './editor/Inspector';
import { Palette } from './editor/Palette';
import { isTyping } from './editor/shortcuts';
import { SummaryPanel } from './editor/SummaryPanel';
import { PlaygroundPanel } from './playground/PlaygroundPanel';
import type { Recovery } from '../../shared/contract';
import { reopenLastProject } from './project/actions';
import { OpenDialog, SaveAsDialog, TemplateDialog } from './project/Dialogs';
import { readRecovery, startAutosave } from './project/recovery';
import { RecoveryDialog } from './project/RecoveryDialog';
import { Toolbar, saveOrAsk, type DialogName } from './project/Toolbar';
import { UnsavedDialog } from './project/UnsavedPrompt';
import { redo, undo, useAppStore } from './store';
import { isDirty } from './store/projectSlice';
import { RunsPanel } from './training/RunsPanel';
import { TrainingPanel } from './training/TrainingPanel';

const TABS = ['Layer', 'Summary', 'Train', 'Images', 'Data', 'Runs', 'Try it'] as const;
type Tab = (typeof TABS)[number];

/** File and history shortcuts; the editing ones are in editor/useEditorShortcuts.ts, all listed in editor/shortcuts.ts. */
function useShortcuts(showDialog: (d: DialogName) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void saveOrAsk(showDialog, e.shiftKey);
      } else if (!isTyping(e.target) && (key === 'z' || key === 'y')) {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) redo();
        else undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showDialog]);
}

function Notice() {
  const notice = useAppStore((s) => s.notice);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const timer = setTimeout(() => useAppStore.getState().dismissNotice(), 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role="status" data-testid="notice" onClick={() => useAppStore.getState().dismissNotice()}>
      {notice.text}
    </div>
  );
}

function Problems() {
  const problems = useAppStore((s) => s.problems);
  if (problems.length === 0) return null;
  return (
    <div className="problems" data-testid="load-problems">
      <strong>The file was repaired while opening:</strong>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
      <button type="button" onClick={() => useAppStore.setState({ problems: [] })}>
        Dismiss
      </button>
    </div>
  );
}

/**
 * Work is never lost: autosaves while dirty, and the browser (or Electron,
 * see src/main) asks before a reload or close would drop unsaved changes.
 */
function useUnsavedGuards() {
  useEffect(() => {
    const stopAutosave = startAutosave();
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!isDirty(useAppStore.getState())) return;
      e.preventDefault();
      // Older browsers want returnValue set to show their prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      stopAutosave();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
}

/**
 * At start: autosaved work of a session that ended unsaved is offered back
 * first; otherwise (or once it is discarded) the last project is reopened
 * behind the start screen. `undefined` while still asking the backend.
 */
function useStartup(): [Recovery | null | undefined, (restored: boolean) => void] {
  const [recovery, setRecovery] = useState<Recovery | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    const none = () => {
      if (cancelled) return;
      setRecovery(null);
      void reopenLastProject();
    };
    readRecovery().then((found) => {
      if (cancelled) return;
      if (found) setRecovery(found);
      else none();
    }, none);
    return () => {
      cancelled = true;
    };
  }, []);
  const done = (restored: boolean) => {
    setRecovery(null);
    if (!restored) void reopenLastProject();
  };
  return [recovery, done];
}

export function App() {
  const [dialog, setDialog] = useState<DialogName>('new');
  const [tab, setTab] = useState<Tab>('Layer');
  useShortcuts(setDialog);
  useUnsavedGuards();
  const [recovery, recoveryDone] = useStartup();

  useEffect(() => {
    const state = useAppStore.getState();
    api.call('system.info', {}).then(state.setSystem, (e: unknown) => state.showNotice(`Backend unavailable: ${String(e)}`));
    api.call('settings.get', {}).then(state.setSettings, () => undefined);
    return api.subscribe((event) => useAppStore.getState().handleEvent(event));
  }, []);

  // Training news is in the Train tab; jump there when a run starts.
  const liveRunId = useAppStore((s) => s.live?.runId);
  useEffect(() => {
    if (liveRunId) setTab('Train');
  }, [liveRunId]);

  // "Use in playground" on a checkpoint (Runs tab) shows those weights in Try it.
  const playgroundChoice = useAppStore((s) => s.playgroundChoice);
  useEffect(() => {
    if (playgroundChoice) setTab('Try it');
  }, [playgroundChoice]);

  return (
    <div className="app">
      <Toolbar showDialog={setDialog} />
      <Problems />
      {/* The provider spans the side panel too, so the summary can bring a layer into view. */}
      <ReactFlowProvider>
        <div className="workspace">
          <Palette />
          <Canvas />
          {/* The summary table needs more room than the inspector: the panel widens while it is shown. */}
          <section className={tab === 'Summary' || tab === 'Try it' ? 'side-panel wide' : 'side-panel'}>
            <nav className="tabs" role="tablist">
              {TABS.map((t) => (
                <button key={t} type="button" role="tab" aria-selected={t === tab} className={t === tab ? 'active' : ''} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
                  {t}
                </button>
              ))}
            </nav>
            <div className="tab-body">
              {tab === 'Layer' && <Inspector />}
              {tab === 'Summary' && <SummaryPanel />}
              {tab === 'Train' && <TrainingPanel />}
              {tab === 'Images' && <ImagesPanel />}
              {tab === 'Data' && <DataPanel />}
              {tab === 'Runs' && <RunsPanel />}
              {tab === 'Try it' && <PlaygroundPanel />}
            </div>
          </section>
        </div>
        {/* Inside the provider: a template opened from the gallery is fitted into the canvas' view. */}
        {dialog === 'new' && !recovery && <TemplateDialog onClose={() => setDialog(null)} />}
      </ReactFlowProvider>
      <Notice />
      {dialog === 'open' && <OpenDialog onClose={() => setDialog(null)} />}
      {dialog === 'save-as' && <SaveAsDialog onClose={() => setDialog(null)} />}
      {recovery && (
        <RecoveryDialog
          recovery={recovery}
          onDone={(restored) => {
            // Restored work is what the user wants to see: no start screen over it.
            if (restored) setDialog(null);
            recoveryDone(restored);
          }}
        />
      )}
      <UnsavedDialog />
    </div>
  );
}
