// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftInput } from './DraftField';
import { parseNumberDraft } from './draftValue';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const rule = { integer: false, min: 0, minExclusive: true, max: 100 };
let container: HTMLDivElement;
let root: Root;
let stored: number[];
let errors: (string | null)[];

function Harness() {
  const [value, setValue] = useState(1);
  return (
    <>
      <DraftInput
        id="lr"
        testId="lr"
        value={value}
        parse={(text) => parseNumberDraft(text, 'Learning rate', rule) as { ok: true; value: number } | { ok: false; error: string }}
        onCommit={(v) => {
          stored.push(v);
          setValue(v);
        }}
        onErrorChange={(e) => errors.push(e)}
      />
      <output data-testid="stored">{value}</output>
    </>
  );
}

const input = () => container.querySelector<HTMLInputElement>('[data-testid="lr"]')!;
const errorText = () => container.querySelector('[data-testid="lr-error"]')?.textContent ?? null;

function type(text: string) {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input(), text);
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const focus = () => act(() => input().focus());
const blur = () => act(() => input().blur());
const key = (k: string) => act(() => void input().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('a draft field', () => {
  beforeEach(() => {
    stored = [];
    errors = [];
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root.render(<Harness />));
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('keeps a lone minus and -1 as typed, stores neither, and names the problem on blur', () => {
    focus();
    type('-');
    expect(input().value).toBe('-');
    expect(errorText()).toBeNull();
    type('-1');
    blur();
    expect(input().value).toBe('-1');
    expect(stored).toEqual([]);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(errorText()).toBe('Learning rate: enter a number greater than 0 and at most 100');
    expect(input().getAttribute('aria-describedby')).toBe('lr-error');
    expect(errors.at(-1)).toBe('Learning rate: enter a number greater than 0 and at most 100');
  });

  it('follows each keystroke once an error shows, and stores the first valid value', () => {
    focus();
    type('');
    key('Enter');
    expect(errorText()).toMatch(/^Learning rate: enter/);
    type('0.5');
    expect(errorText()).toBeNull();
    expect(stored).toEqual([0.5]);
    expect(errors.at(-1)).toBeNull();
    blur();
    expect(input().value).toBe('0.5');
  });

  it('puts back the value from before the edit on blur with bad text, and on Escape', () => {
    focus();
    type('5');
    type('5x');
    blur();
    expect(stored).toEqual([5, 1]);
    expect(container.querySelector('[data-testid="stored"]')!.textContent).toBe('1');
    expect(input().value).toBe('5x');
    focus();
    type('7');
    key('Escape');
    expect(input().value).toBe('1');
    expect(stored.at(-1)).toBe(1);
    expect(errorText()).toBeNull();
  });

  it('takes back its error when it goes away', () => {
    focus();
    type('abc');
    blur();
    expect(errors.at(-1)).toMatch(/^Learning rate/);
    act(() => root.render(<></>));
    expect(errors.at(-1)).toBeNull();
  });
});
