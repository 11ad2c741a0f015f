import { useEffect } from 'react';
import { useAppStore } from '../store';
import { autoLayout, fitGraph, type Flow } from './canvasCommands';
import { copySelection, cutSelection, duplicateSelection, pasteLayers, readSystemClipboard, writeSystemClipboard } from './editActions';
import { hasTextSelection, isTyping, modalIsOpen } from './shortcuts';

export interface HelpToggle {
  toggle(): void;
  /** Closes the overlay; false when it was not open. */
  close(): boolean;
}

function editingLayers(target: EventTarget | null): boolean {
  return !isTyping(target) && !modalIsOpen();
}

/**
 * Editing shortcuts (list in shortcuts.ts). Copy, cut and paste go through the
 * browser's clipboard events where it fires them (keyboard or Edit menu), as
 * those read and write the system clipboard without a permission prompt; when
 * a key press brings no such event, a fallback right after it does the same
 * with the async clipboard API, or the in-app clipboard alone.
 */
export function useEditorShortcuts(flow: Flow, help: HelpToggle): void {
  useEffect(() => {
    let copyFallback: ReturnType<typeof setTimeout> | undefined;
    let pasteFallback: ReturnType<typeof setTimeout> | undefined;

    const onCopyOrCut = (event: ClipboardEvent) => {
      if (!editingLayers(document.activeElement) || hasTextSelection()) return;
      clearTimeout(copyFallback);
      const text = event.type === 'cut' ? cutSelection() : copySelection();
      if (text === null) return;
      event.preventDefault();
      if (event.clipboardData) event.clipboardData.setData('text/plain', text);
      else writeSystemClipboard(text);
    };

    const onPaste = (event: ClipboardEvent) => {
      if (!editingLayers(document.activeElement)) return;
      clearTimeout(pasteFallback);
      event.preventDefault();
      pasteLayers(event.clipboardData?.getData('text/plain') || null);
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !editingLayers(event.target)) return;
      const state = useAppStore.getState();
      const key = event.key.toLowerCase();
      if (event.ctrlKey || event.metaKey) {
        if (event.altKey) return;
        if ((key === 'c' || key === 'x') && !event.shiftKey && !hasTextSelection()) {
          // Not prevented: the browser's copy/cut event (above) should follow within this task.
          copyFallback = setTimeout(() => {
            const text = key === 'x' ? cutSelection() : copySelection();
            if (text !== null) writeSystemClipboard(text);
          }, 0);
        } else if (key === 'v' && !event.shiftKey) {
          pasteFallback = setTimeout(() => void readSystemClipboard().then(pasteLayers), 0);
        } else if (key === 'd' && !event.shiftKey) {
          event.preventDefault();
          duplicateSelection();
        } else if (key === 'a' && !event.shiftKey) {
          event.preventDefault();
          state.selectAll();
        } else if (key === 'l' && event.shiftKey) {
          event.preventDefault();
          void autoLayout(flow);
        }
        return;
      }
      if (event.altKey) return;
      if (key === 'delete' || key === 'backspace') {
        event.preventDefault();
        state.deleteSelection();
      } else if (key === 'escape') {
        if (!help.close()) state.clearSelection();
      } else if (event.key === '?') {
        event.preventDefault();
        help.toggle();
      } else if ((key === 'f' && !event.shiftKey) || (event.code === 'Digit1' && event.shiftKey)) {
        event.preventDefault();
        fitGraph(flow);
      }
    };

    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('copy', onCopyOrCut);
    window.addEventListener('cut', onCopyOrCut);
    window.addEventListener('paste', onPaste);
    return () => {
      clearTimeout(copyFallback);
      clearTimeout(pasteFallback);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('copy', onCopyOrCut);
      window.removeEventListener('cut', onCopyOrCut);
      window.removeEventListener('paste', onPaste);
    };
  }, [flow, help]);
}
