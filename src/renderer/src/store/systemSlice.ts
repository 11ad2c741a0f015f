import type { StateCreator } from 'zustand';
import type { BackendInfo, Settings, SystemInfo } from '../../../shared/contract';
import type { AppState } from './index';

export interface SystemSlice {
  system: SystemInfo | null;
  settings: Settings | null;
  backend: BackendInfo | null;
  setSystem(info: SystemInfo): void;
  setSettings(settings: Settings): void;
  /** One transient message for the user, e.g. why a connection was refused. */
  notice: { id: number; text: string; kind: 'info' | 'error' } | null;
  showNotice(text: string, kind?: 'info' | 'error'): void;
  dismissNotice(): void;
}

let noticeId = 0;

export const createSystemSlice: StateCreator<AppState, [], [], SystemSlice> = (set) => ({
  notice: null,
  showNotice(text, kind = 'error') {
    noticeId += 1;
    set({ notice: { id: noticeId, text, kind } });
  },
  dismissNotice() {
    set({ notice: null });
  },
  system: null,
  settings: null,
  backend: null,
  setSystem(info) {
    set({ system: info, backend: info.backend });
  },
  setSettings(settings) {
    set({ settings });
  },
});
