import type { Recovery } from '../../../shared/contract';
import { api } from '../api/host';
import { useAppStore, type AppState } from '../store';
import { isDirty, type Saved } from '../store/projectSlice';
import { autosaveIntervalMs, clientSlot } from './session';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "14:05" for an autosave today, "2026-11-30 14:05" for an older one (local time). */
export function recoveryTime(savedAt: string, now = new Date()): string {
  const at = new Date(savedAt);
  if (Number.isNaN(at.getTime())) return savedAt;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const today = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return today ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

/** What the last autosave wrote (references, as in `saved`), or null when the slot holds nothing of ours. */
export type Autosaved = Saved & { filePath: string | null };

function snapshot(state: AppState): Autosaved {
  return { ...state.savedSnapshot(), filePath: state.filePath };
}

function same(a: Autosaved, b: Autosaved): boolean {
  return a.graph === b.graph && a.training === b.training && a.runs === b.runs && a.name === b.name && a.filePath === b.filePath;
}

/**
 * One autosave tick: write while dirty and changed since the last write; once
 * clean again (saved, or edits undone) remove what an earlier tick wrote.
 */
export function autosaveStep(state: AppState, last: Autosaved | null): 'write' | 'clear' | 'skip' {
  if (isDirty(state)) return last && same(last, snapshot(state)) ? 'skip' : 'write';
  return last ? 'clear' : 'skip';
}

// Writes and clears go one at a time, in order: a clear must not be overtaken by an earlier write.
let queue: Promise<unknown> = Promise.resolve();
let lastWritten: Autosaved | null = null;

function serially<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

export function writeRecovery(): Promise<void> {
  return serially(async () => {
    const state = useAppStore.getState();
    const written = snapshot(state);
    await api.call('recovery.write', { slot: clientSlot(), filePath: state.filePath, project: state.toProject() });
    lastWritten = written;
  });
}

/** Forgets the autosaved work: on save, on Discard, after Restore/Discard of an offer. */
export function clearRecovery(): Promise<void> {
  return serially(async () => {
    lastWritten = null;
    await api.call('recovery.clear', { slot: clientSlot() });
  });
}

export async function readRecovery(): Promise<Recovery | null> {
  return (await api.call('recovery.read', { slot: clientSlot() })).recovery;
}

/** After Restore the slot holds exactly what is loaded: no need to write it again until it changes. */
export function noteRestored(): void {
  lastWritten = snapshot(useAppStore.getState());
}

/** Autosaves every `intervalMs` (30 s, or the test hook's value) while dirty; returns the stop function. */
export function startAutosave(intervalMs = autosaveIntervalMs()): () => void {
  let failed = false;
  const timer = setInterval(() => {
    const step = autosaveStep(useAppStore.getState(), lastWritten);
    if (step === 'skip') return;
    const done = step === 'write' ? writeRecovery() : clearRecovery();
    done.then(
      () => (failed = false),
      (error: unknown) => {
        // Say so once, not every 30 s.
        if (!failed) useAppStore.getState().showNotice(`Autosave failed: ${error instanceof Error ? error.message : String(error)}`);
        failed = true;
      },
    );
  }, intervalMs);
  return () => clearInterval(timer);
}
