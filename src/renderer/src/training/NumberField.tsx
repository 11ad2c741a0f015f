/** A labelled number input that ignores empty or non-numeric text instead of storing it. */
export function NumberField(props: { label: string; id: string; title?: string; value: number; step?: number | 'any'; min?: number; max?: number; onChange: (n: number) => void }) {
  return (
    <label className="field" title={props.title}>
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.id}
        value={props.value}
        step={props.step ?? 1}
        min={props.min}
        max={props.max}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(n)) props.onChange(n);
        }}
      />
    </label>
  );
}
