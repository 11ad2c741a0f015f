/** True when keys go into a form field, where shortcuts must leave them alone. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable;
}

/** A modal dialog (New, Open, Save As) owns the keyboard: Delete must not remove layers hidden behind it. */
export function modalIsOpen(): boolean {
  return document.querySelector('.modal-backdrop') !== null;
}

/** Text the user selected on the page (e.g. an error message) copies as text, not as layers. */
export function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** `Ctrl` or `⌘`, as the keyboard in front of the user says. */
export const MOD = isMac ? '⌘' : 'Ctrl';

export interface ShortcutGroup {
  title: string;
  shortcuts: { keys: string[]; action: string }[];
}

/** What the "?" overlay lists; the handlers live in App.tsx (file, undo) and useEditorShortcuts.ts. */
export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Project',
    shortcuts: [
      { keys: [`${MOD}+S`], action: 'Save' },
      { keys: [`${MOD}+Shift+S`], action: 'Save as' },
      { keys: [`${MOD}+Z`], action: 'Undo' },
      { keys: [`${MOD}+Shift+Z`, `${MOD}+Y`], action: 'Redo' },
    ],
  },
  {
    title: 'Layers',
    shortcuts: [
      { keys: [`${MOD}+C`], action: 'Copy the selected layers' },
      { keys: [`${MOD}+X`], action: 'Cut' },
      { keys: [`${MOD}+V`], action: 'Paste (also from another window)' },
      { keys: [`${MOD}+D`], action: 'Duplicate' },
      { keys: ['Delete', 'Backspace'], action: 'Delete the selection' },
    ],
  },
  {
    title: 'Selection',
    shortcuts: [
      { keys: ['Shift+click'], action: 'Add or remove a layer' },
      { keys: ['Shift+drag'], action: 'Select with a box' },
      { keys: [`${MOD}+A`], action: 'Select all layers' },
      { keys: ['Esc'], action: 'Clear the selection' },
    ],
  },
  {
    title: 'View',
    shortcuts: [
      { keys: [`${MOD}+Shift+L`], action: 'Auto-layout' },
      { keys: ['F', 'Shift+1'], action: 'Fit the model into view' },
      { keys: ['?'], action: 'Show or hide these shortcuts' },
    ],
  },
];
