import { useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import type { MethodOutput } from '../../../shared/contract';
import { DecodingFields, type Decoding } from './DecodingFields';
import { callRun } from './playgroundApi';
import { useBusyCall } from './useBusyCall';

/** The tutorial decodes at most `encoder_maxlen` words; a little more room here. */
const MAX_STEPS = 20;

/** §6.5: Japanese in, segmented by kuromoji; English out, word by word until `eos`. */
export function Translator({ run }: { run: RunRecord }) {
  const [japanese, setJapanese] = useState('行け。');
  const [decoding, setDecoding] = useState<Decoding>('argmax');
  const [temperature, setTemperature] = useState(1);
  const [result, setResult] = useState<MethodOutput<'playground.translate'> | null>(null);
  const { busy, error, call } = useBusyCall();

  const go = () => call(() => callRun(run, 'playground.translate', { japanese, decoding, temperature, steps: MAX_STEPS }), setResult);

  return (
    <div className="playground-text">
      <label className="field">
        Japanese
        <input value={japanese} onChange={(e) => setJapanese(e.target.value)} lang="ja" data-testid="ja-input" />
      </label>
      <DecodingFields decoding={decoding} temperature={temperature} onDecoding={setDecoding} onTemperature={setTemperature} />
      <button type="button" onClick={() => void go()} disabled={busy || japanese.trim() === ''} data-testid="translate">
        {busy ? 'Translating…' : 'Translate'}
      </button>
      {error && <p className="error-text">{error}</p>}
      {result && (
        <dl className="translation" data-testid="translation">
          <dt>Segmented</dt>
          <dd lang="ja" data-testid="ja-segmented">{result.segmented}</dd>
          {result.unknown.length > 0 && (
            <>
              <dt>Unknown</dt>
              <dd className="warning-text" data-testid="ja-unknown">{result.unknown.join(' ')} (dropped)</dd>
            </>
          )}
          <dt>English</dt>
          <dd data-testid="en-output">{result.english || <span className="muted">(nothing before eos)</span>}</dd>
          {!result.ended && <dd className="muted">stopped after {MAX_STEPS} words without eos</dd>}
        </dl>
      )}
    </div>
  );
}
