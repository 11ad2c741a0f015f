import type { CSSProperties } from 'react';
import type { DraftResult } from './draftValue';
import { useDraftValue } from './useDraftValue';

const invalidStyle: CSSProperties = { borderColor: 'var(--danger)', outlineColor: 'var(--danger)' };

/**
 * A text input over a draft (see useDraftValue) with its error next to it:
 * the input is aria-invalid and described by the message, e.g.
 * "Learning rate: enter a number greater than 0". Used by the layer inspector
 * and the training settings alike.
 */
export function DraftInput<T>(props: {
  id: string;
  testId: string;
  value: T;
  parse: (text: string) => DraftResult<T>;
  onCommit: (value: T) => void;
  placeholder?: string | undefined;
  /** 'decimal' for numbers, 'text' for shapes. */
  inputMode?: 'decimal' | 'text';
  onErrorChange?: (error: string | null) => void;
}) {
  const { error, inputProps } = useDraftValue({ value: props.value, parse: props.parse, onCommit: props.onCommit, onErrorChange: props.onErrorChange });
  const errorId = `${props.id}-error`;
  return (
    <>
      <input
        id={props.id}
        type="text"
        inputMode={props.inputMode ?? 'decimal'}
        autoComplete="off"
        spellCheck={false}
        placeholder={props.placeholder}
        data-testid={props.testId}
        aria-describedby={error !== null ? errorId : undefined}
        style={error !== null ? invalidStyle : undefined}
        {...inputProps}
      />
      {error !== null && (
        <em id={errorId} className="field-error draft-error" role="alert" data-testid={`${props.testId}-error`}>
          {error}
        </em>
      )}
    </>
  );
}
