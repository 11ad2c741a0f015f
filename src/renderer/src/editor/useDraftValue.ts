import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { formatDraftValue, type DraftResult } from './draftValue';

export interface DraftOptions<T> {
  /** The value the store holds now. */
  value: T;
  /** Text → value, or a message naming the field and what it expects. */
  parse: (text: string) => DraftResult<T>;
  /** Stores a valid value. */
  onCommit: (value: T) => void;
  /** Value → text; `[28, 28, 1]` → `28, 28, 1` by default. */
  format?: (value: T) => string;
  /** Told whenever the shown error appears, changes or goes (null), and null when the field goes away. */
  onErrorChange?: (error: string | null) => void;
}

/**
 * A text field's draft: whatever is typed stays in the field (commas, a lone
 * minus, nothing at all). Text that parses is stored as it is typed, so the
 * graph follows along; text that does not is never stored, and on blur or
 * Enter the field says why and the store goes back to the value from before
 * the edit. Escape puts that value back in the field too. Once an error
 * shows, it follows each keystroke until fixed.
 */
export function useDraftValue<T>({ value, parse, onCommit, format = formatDraftValue, onErrorChange }: DraftOptions<T>) {
  const committedText = format(value);
  const [text, setText] = useState(committedText);
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(committedText);
  // Text of the value this field stored last: the store echoing it back must not overwrite the draft.
  const [echo, setEcho] = useState<string | null>(null);
  const [origin, setOrigin] = useState<{ value: T } | null>(null);

  if (committedText !== seen) {
    // The store changed: by this field (keep the typed text) or elsewhere (undo, a fix, another project).
    setSeen(committedText);
    setEcho(null);
    if (committedText !== echo) {
      setText(committedText);
      setError(null);
    }
  }

  const report = useRef(onErrorChange);
  useEffect(() => {
    report.current = onErrorChange;
  });
  useEffect(() => {
    report.current?.(error);
  }, [error]);
  useEffect(
    () => () => {
      report.current?.(null);
    },
    [],
  );

  function store(next: T): void {
    const nextText = format(next);
    if (nextText === committedText) return;
    setEcho(nextText);
    onCommit(next);
  }

  /**
   * Blur and Enter: store a valid draft (shown tidied up), or show why it
   * cannot be stored and put back the value from before this edit, so no
   * half-typed step (`28, 28` of `28, 28,`) stays stored.
   */
  function settle(): DraftResult<T> {
    const result = parse(text);
    if (result.ok) {
      store(result.value);
      setText(format(result.value));
      setError(null);
    } else {
      if (origin) store(origin.value);
      setError(result.error);
    }
    return result;
  }

  return {
    text,
    error,
    inputProps: {
      value: text,
      'aria-invalid': error !== null ? (true as const) : undefined,
      onFocus: () => setOrigin({ value }),
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        const typed = e.target.value;
        setText(typed);
        const result = parse(typed);
        if (result.ok) {
          store(result.value);
          setError(null);
        } else if (error !== null) setError(result.error);
      },
      onBlur: () => {
        settle();
        setOrigin(null);
      },
      onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          // Enter confirms a valid value: a later Escape goes back to it.
          const result = settle();
          if (result.ok) setOrigin({ value: result.value });
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          const back = origin ? origin.value : value;
          store(back);
          setText(format(back));
          setError(null);
        }
      },
    },
  };
}
