import { useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import type { MethodOutput } from '../../../shared/contract';
import { callRun } from './playgroundApi';
import { useBusyCall } from './useBusyCall';

/** §4: a review typed in, encoded as the IMDB dataset encodes one, scored by the model. */
export function SentimentBox({ run }: { run: RunRecord }) {
  const [review, setReview] = useState('This movie was wonderful, the acting was great and I loved the story.');
  const [result, setResult] = useState<MethodOutput<'playground.sentiment'> | null>(null);
  const { busy, error, call } = useBusyCall();

  const score = () => call(() => callRun(run, 'playground.sentiment', { review }), setResult);

  return (
    <div className="playground-text">
      <label className="field">
        Review
        <textarea rows={5} value={review} onChange={(e) => setReview(e.target.value)} data-testid="review-input" />
      </label>
      <button type="button" onClick={() => void score()} disabled={busy || review.trim() === ''} data-testid="review-score">
        {busy ? 'Scoring… (the first time reads the IMDB archive)' : 'Score'}
      </button>
      {error && <p className="error-text">{error}</p>}
      {result && (
        <div data-testid="sentiment">
          <p>
            Positive: <strong data-testid="sentiment-positive">{(100 * result.positive).toFixed(1)}%</strong>{' '}
            <span className="probability-bar inline">
              <span style={{ width: `${(100 * result.positive).toFixed(1)}%` }} />
            </span>
          </p>
          <p className="encoded-words">
            {result.words.map((w, i) => (
              <span key={i} className={w.id === null ? 'unknown-word' : ''} title={w.id === null ? 'not in the top 20,000 words: id 2' : `id ${w.id}`}>
                {w.word}{' '}
              </span>
            ))}
          </p>
          {result.unknown.length > 0 && <p className="muted">Unknown (fed as 2): {result.unknown.join(', ')}</p>}
          {result.words.length + 1 > result.ids.length && <p className="muted">Only the last {result.ids.length - 1} words are read (maxlen).</p>}
        </div>
      )}
    </div>
  );
}
