/**
 * What this browser (or desktop profile) remembers between page loads, in
 * localStorage: its recovery slot, the project it had open, and a test hook
 * for the autosave interval. Kept per browser rather than on the server, so
 * that two browsers on one server neither reopen nor recover each other's work.
 */

const CLIENT_KEY = 'layerlab.clientId';
const LAST_PROJECT_KEY = 'layerlab.lastProject';
/** Tests (and the curious) set this to autosave more often than every 30 s. */
export const AUTOSAVE_INTERVAL_KEY = 'layerlab.autosaveIntervalMs';

export const DEFAULT_AUTOSAVE_MS = 30_000;
const MIN_AUTOSAVE_MS = 100;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) storage()?.removeItem(key);
    else storage()?.setItem(key, value);
  } catch {
    // Storage full or refused: the feature degrades, the app goes on.
  }
}

let memoryClientId: string | null = null;

/** This browser's recovery slot: random, made once, [A-Za-z0-9_-]. */
export function clientSlot(): string {
  const stored = read(CLIENT_KEY);
  if (stored && /^[A-Za-z0-9_-]{1,64}$/.test(stored)) return stored;
  if (!memoryClientId) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    memoryClientId = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  write(CLIENT_KEY, memoryClientId);
  return memoryClientId;
}

/** The project file open when this browser last saved or opened one; null after New. */
export function lastProjectPath(): string | null {
  return read(LAST_PROJECT_KEY);
}

export function setLastProjectPath(path: string | null): void {
  write(LAST_PROJECT_KEY, path);
}

/** Milliseconds between autosaves: 30 s unless the test hook says otherwise. */
export function autosaveIntervalMs(): number {
  const value = Number(read(AUTOSAVE_INTERVAL_KEY));
  return Number.isFinite(value) && value > 0 ? Math.max(MIN_AUTOSAVE_MS, value) : DEFAULT_AUTOSAVE_MS;
}
