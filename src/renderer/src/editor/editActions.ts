import { useAppStore } from '../store';
import { copyFragment, parseFragment, pasteOffset, serializeFragment, type GraphFragment } from './clipboard';

/**
 * What was last copied here, and how often it was pasted, so each paste lands
 * one step further away. The system clipboard carries the same text; this copy
 * is the fallback where it cannot be read, and keeps the paste count.
 */
let copied: { text: string; fragment: GraphFragment; pastes: number } | null = null;

/** Copies the selected layers (and the connections among them); returns the clipboard text, or null when nothing is selected. */
export function copySelection(): string | null {
  const { graph, selectedNodeIds } = useAppStore.getState();
  const fragment = copyFragment(graph, selectedNodeIds);
  if (!fragment) return null;
  const text = serializeFragment(fragment);
  copied = { text, fragment, pastes: 0 };
  return text;
}

/** Copy, then delete the selection as one undo step. */
export function cutSelection(): string | null {
  const text = copySelection();
  if (text !== null) useAppStore.getState().deleteSelection();
  return text;
}

/**
 * Pastes layers from clipboard text when it holds them (e.g. copied in another
 * window or project). What was last copied here is used only when the system
 * clipboard could not be read (`null`): other text there means the user copied
 * something else since. Returns the new ids.
 */
export function pasteLayers(clipboardText: string | null): string[] {
  if (clipboardText !== null && clipboardText !== copied?.text) {
    const fromText = parseFragment(clipboardText);
    if (!fromText) return [];
    copied = { text: clipboardText, fragment: fromText, pastes: 0 };
  }
  if (!copied) return [];
  copied.pastes += 1;
  return useAppStore.getState().pasteLayers(copied.fragment, pasteOffset(copied.pastes));
}

/** Copy and paste in one go, leaving the clipboard alone. */
export function duplicateSelection(): string[] {
  const { graph, selectedNodeIds, pasteLayers: paste } = useAppStore.getState();
  const fragment = copyFragment(graph, selectedNodeIds);
  return fragment ? paste(fragment, pasteOffset(1)) : [];
}

/** Best effort: the async clipboard API may be missing (plain http) or refused; the in-app copy still works. */
export function writeSystemClipboard(text: string): void {
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** The system clipboard's text, or null when it cannot be read within a moment (no permission, no API). */
export async function readSystemClipboard(timeoutMs = 500): Promise<string | null> {
  if (!navigator.clipboard?.readText) return null;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  return Promise.race([navigator.clipboard.readText().catch(() => null), timeout]);
}
