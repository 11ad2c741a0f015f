import { useState } from 'react';
import { ALICE_NEXT_WORD_TEXT } from '../../../engine/textDatasets';
import type { RunRecord } from '../../../engine/project/schema';
import type { MethodOutput } from '../../../shared/contract';
import { DecodingFields, type Decoding } from './DecodingFields';
import { callRun } from './playgroundApi';
import { useBusyCall } from './useBusyCall';

/** §5.4: text from seed words, one predicted word at a time. */
export function TextGenerator({ run }: { run: RunRecord }) {
  const [seed, setSeed] = useState("alice's");
  const [decoding, setDecoding] = useState<Decoding>('sample');
  const [temperature, setTemperature] = useState(1);
  const [words, setWords] = useState<number>(ALICE_NEXT_WORD_TEXT.maxlen);
  const [results, setResults] = useState<(MethodOutput<'playground.generate'> & { how: string })[]>([]);
  const { busy, error, call } = useBusyCall();

  const generate = () => {
    const how = decoding === 'argmax' ? 'most likely' : `sampled, T=${temperature}`;
    return call(
      () => callRun(run, 'playground.generate', { seed, decoding, temperature, words }),
      (result) => setResults((r) => [{ ...result, how }, ...r].slice(0, 20)),
    );
  };

  return (
    <div className="playground-text">
      <label className="field">
        Seed words
        <input value={seed} onChange={(e) => setSeed(e.target.value)} data-testid="lm-seed" />
      </label>
      <DecodingFields decoding={decoding} temperature={temperature} onDecoding={setDecoding} onTemperature={setTemperature} />
      <label className="field">
        Words to add
        <input type="number" min={1} max={100} value={words} onChange={(e) => setWords(Math.min(100, Math.max(1, Number(e.target.value) || 1)))} data-testid="lm-words" />
      </label>
      <button type="button" onClick={() => void generate()} disabled={busy || seed.trim() === ''} data-testid="lm-generate">
        {busy ? 'Generating…' : 'Generate'}
      </button>
      {error && <p className="error-text">{error}</p>}
      <ol className="generated" data-testid="lm-results">
        {results.map((r, i) => (
          <li key={results.length - i} data-testid="lm-result">
            <span className="muted">{r.how}: </span>
            {r.text}
            {r.unknown.length > 0 && <span className="warning-text" data-testid="lm-unknown"> (not in the vocabulary, dropped: {r.unknown.join(', ')})</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
