import { useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { callRun, errorText, type PlaygroundInfo } from './playgroundApi';
import { imageUrl, loadTestImages, scaled, type TestImages } from './testImages';

/** The dataset preview's limit. */
const COUNT = 400;

interface Result {
  images: TestImages;
  predicted: number[];
  confusion: number[][];
}

function argmaxRow(values: readonly number[], row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[row * classes + c]! > values[row * classes + best]!) best = c;
  return best;
}

/** The first test images classified: a confusion matrix (true rows, predicted columns), and the mistakes. */
export function TestSetMistakes({ run, info }: { run: RunRecord; info: PlaygroundInfo }) {
  const [result, setResult] = useState<Result | null>(null);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const classes = info.classNames.length;

  const run400 = async () => {
    setBusy(true);
    try {
      const images = await loadTestImages(info.dataset, COUNT);
      const n = images.preview.labels.length;
      const { outputs } = await callRun(run, 'playground.predict', { inputs: [scaled(images, 0, n)], count: n });
      const values = outputs[0]!.values;
      const predicted = Array.from({ length: n }, (_, i) => argmaxRow(values, i, classes));
      const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
      predicted.forEach((p, i) => (confusion[images.preview.labels[i]!]![p]! += 1));
      setResult({ images, predicted, confusion });
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const mistakes = result
    ? result.predicted
        .map((p, i) => ({ i, p, t: result.images.preview.labels[i]! }))
        .filter(({ p, t }) => p !== t && (!cell || (cell[0] === t && cell[1] === p)))
    : [];
  const correct = result ? result.predicted.filter((p, i) => p === result.images.preview.labels[i]).length : 0;

  return (
    <section className="test-mistakes">
      <h3>Test set</h3>
      <button type="button" onClick={() => void run400()} disabled={busy} data-testid="confusion-run">
        {busy ? 'Classifying…' : `Classify the first ${COUNT} test images`}
      </button>
      {error && <p className="error-text">{error}</p>}
      {result && (
        <>
          <p data-testid="confusion-accuracy">
            {correct} of {result.predicted.length} right ({((100 * correct) / result.predicted.length).toFixed(1)}%). Rows: true class; columns: predicted. Click a cell for its mistakes.
          </p>
          <table className="confusion" data-testid="confusion">
            <tbody>
              <tr>
                <th />
                {info.classNames.map((n) => (
                  <th key={n}>{n.slice(0, 3)}</th>
                ))}
              </tr>
              {result.confusion.map((row, t) => (
                <tr key={t}>
                  <th>{info.classNames[t]!.slice(0, 3)}</th>
                  {row.map((count, p) => (
                    <td
                      key={p}
                      className={`${t === p ? 'diagonal' : count > 0 ? 'off' : ''} ${cell?.[0] === t && cell[1] === p ? 'chosen' : ''}`}
                      onClick={() => setCell(cell?.[0] === t && cell[1] === p ? null : [t, p])}
                    >
                      {count || ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="thumb-grid" data-testid="mistakes">
            {mistakes.map(({ i, p, t }) => {
              const { rows, cols, channels } = result.images.preview;
              const label = `test #${i}: ${info.classNames[t]} taken for ${info.classNames[p]}`;
              return (
                <figure key={i} title={label}>
                  <img src={imageUrl(result.images.pixels.subarray(i * result.images.size, (i + 1) * result.images.size), rows, cols, channels)} alt={label} />
                  <figcaption>
                    {info.classNames[t]?.slice(0, 3)}→{info.classNames[p]?.slice(0, 3)}
                  </figcaption>
                </figure>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}
