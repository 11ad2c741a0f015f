import { useEffect, useState } from 'react';
import { DEFAULT_PROBE_SAMPLES, MAX_PROBE_SAMPLES } from '../../../engine/training';
import { useAppStore } from '../store';
import { parseSampleList } from './sampleList';

/** The layer image settings of the next run: which samples, and how often. */
export function ProbeSettings() {
  const training = useAppStore((s) => s.training);
  const setTraining = useAppStore((s) => s.setTraining);
  const disabled = useAppStore((s) => s.live !== null);
  const shown = training.probeSamples?.join(', ') ?? '';
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const invalid = text.trim() !== '' && parseSampleList(text) === null;
  return (
    <fieldset className="settings probe-settings" disabled={disabled}>
      <legend>Layer images of the next run</legend>
      <label className={invalid ? 'field invalid' : 'field'} title={`Training-set indices, e.g. "0-9" or "3, 17, 42" (at most ${MAX_PROBE_SAMPLES}); empty: the first ${DEFAULT_PROBE_SAMPLES}, as the tutorial.`}>
        <span>Probe samples</span>
        <input
          value={text}
          placeholder={`first ${DEFAULT_PROBE_SAMPLES}`}
          data-testid="probe-samples"
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === '') setTraining({ probeSamples: null });
            else {
              const list = parseSampleList(e.target.value);
              if (list) setTraining({ probeSamples: list });
            }
          }}
        />
        {invalid && <em className="field-error">Whole numbers and ranges like 0-9, at most {MAX_PROBE_SAMPLES}</em>}
      </label>
      <label className="field" title="Layer images every N batches, and at each epoch end (0: epoch ends only). Off: none, for the fastest training.">
        <span>Every N batches</span>
        <span className="inline">
          <input
            type="number"
            min={0}
            value={training.imageEvery ?? ''}
            disabled={training.imageEvery === null}
            data-testid="image-every"
            onChange={(e) => {
              const n = Math.round(Number(e.target.value));
              if (e.target.value !== '' && Number.isFinite(n) && n >= 0) setTraining({ imageEvery: n });
            }}
          />
          <label>
            <input type="checkbox" checked={training.imageEvery !== null} onChange={(e) => setTraining({ imageEvery: e.target.checked ? 50 : null })} data-testid="images-on" /> on
          </label>
        </span>
      </label>
    </fieldset>
  );
}
