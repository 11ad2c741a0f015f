import type { z } from 'zod';
import { DraftInput } from '../editor/DraftField';
import { parseNumberDraft, type NumberRule } from '../editor/draftValue';
import { settingsRule, useSettingsDrafts } from './settingsCheck';

/**
 * A labelled number setting. What is typed stays as typed (a lone minus, an
 * empty field); it is stored once it is a number the schema takes, and on
 * blur or Enter a field that is not says so and holds Train back.
 * `schema` gives the bounds (e.g. `TrainingSettingsSchema.shape.epochs`);
 * `rule` adjusts them (e.g. `{ nullable: false }`).
 */
export function NumberField<V extends number | null = number>(props: {
  label: string;
  /** How errors and the Train button name the field when the label alone is ambiguous ("Loss weight of dense_2"). */
  name?: string;
  id: string;
  title?: string;
  value: V;
  schema: z.ZodType;
  rule?: Partial<NumberRule>;
  placeholder?: string;
  onChange: (n: V) => void;
}) {
  const rule = { ...settingsRule(props.schema), ...props.rule };
  const report = useSettingsDrafts((s) => s.report);
  const name = props.name ?? props.label;
  return (
    <label className="field" title={props.title}>
      <span>{props.label}</span>
      <DraftInput<V>
        id={props.id}
        testId={props.id}
        value={props.value}
        placeholder={props.placeholder}
        parse={(text) => parseNumberDraft(text, name, rule) as { ok: true; value: V } | { ok: false; error: string }}
        onCommit={props.onChange}
        onErrorChange={(error) => report(name, error)}
      />
    </label>
  );
}
