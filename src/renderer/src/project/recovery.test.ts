import { beforeEach, describe, expect, it, vi } from 'vitest';

// No backend in unit tests: the module's api calls are never made here.
vi.mock('../api/host', () => ({ api: { call: vi.fn() } }));

const { useAppStore } = await import('../store');
const { isDirty } = await import('../store/projectSlice');
const { autosaveStep, recoveryTime } = await import('./recovery');

const state = () => useAppStore.getState();
const snapshot = () => ({ ...state().savedSnapshot(), filePath: state().filePath });

describe('dirty: changed since the last save, open or New', () => {
  beforeEach(() => state().newProject('mlp-mnist'));

  it('a new project from a template is clean until edited', () => {
    expect(isDirty(state())).toBe(false);
    state().updateParams('dense_1', { units: 64 });
    expect(isDirty(state())).toBe(true);
  });

  it('saving makes it clean; an edit made while saving stays dirty', () => {
    state().updateParams('dense_1', { units: 64 });
    const before = state().savedSnapshot();
    state().setProjectName('edited during the save');
    state().markSaved('/p/a.layerlab', before);
    expect(isDirty(state())).toBe(true);
    state().markSaved('/p/a.layerlab');
    expect(isDirty(state())).toBe(false);
  });

  it('restored work is dirty until saved, even when it equals the file', () => {
    const project = state().toProject();
    state().restoreRecovered(project, '/p/a.layerlab');
    expect(state().filePath).toBe('/p/a.layerlab');
    expect(isDirty(state())).toBe(true);
    state().markSaved('/p/a.layerlab');
    expect(isDirty(state())).toBe(false);
  });
});

describe('autosaveStep', () => {
  beforeEach(() => state().newProject('mlp-mnist'));

  it('writes while dirty, once per change', () => {
    expect(autosaveStep(state(), null)).toBe('skip');
    state().updateParams('dense_1', { units: 64 });
    expect(autosaveStep(state(), null)).toBe('write');
    const written = snapshot();
    expect(autosaveStep(state(), written)).toBe('skip');
    state().setTraining({ epochs: 7 });
    expect(autosaveStep(state(), written)).toBe('write');
  });

  it('clears what it wrote once the project is clean again (saved, or New)', () => {
    state().updateParams('dense_1', { units: 64 });
    const written = snapshot();
    state().markSaved('/p/a.layerlab');
    expect(autosaveStep(state(), written)).toBe('clear');
    expect(autosaveStep(state(), null)).toBe('skip');
  });
});

describe('recoveryTime', () => {
  it('is HH:MM for today, with the date for an older autosave', () => {
    const now = new Date(2026, 11, 1, 18, 0);
    expect(recoveryTime(new Date(2026, 11, 1, 9, 5).toISOString(), now)).toBe('09:05');
    expect(recoveryTime(new Date(2026, 10, 30, 23, 59).toISOString(), now)).toBe('2026-11-30 23:59');
    expect(recoveryTime('garbage', now)).toBe('garbage');
  });
});
