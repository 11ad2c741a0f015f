import { createEditBursts } from './editBursts';

/**
 * The one burst tracker behind undo. It lives outside index.ts so the slices
 * can mark their discrete edits without importing the store they are part of.
 */
export const editBursts = createEditBursts(400);

/**
 * Runs an edit that must be exactly one undo step (paste, delete, layout, a
 * fix): never merged into a drag or typing just before it, and never merged
 * with whatever edit comes right after it.
 */
export function asOneUndoStep<T>(edit: () => T): T {
  editBursts.end();
  try {
    return edit();
  } finally {
    editBursts.end();
  }
}

/** Closes the current burst, e.g. when a drag ends, so the next edit is its own step. */
export function endEditBurst(): void {
  editBursts.end();
}
