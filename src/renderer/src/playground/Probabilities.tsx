/** Class probabilities as horizontal bars, the most likely class highlighted. */
export function Probabilities({ names, values }: { names: readonly string[]; values: readonly number[] }) {
  const best = values.indexOf(Math.max(...values));
  return (
    <ol className="probabilities" data-testid="probabilities" data-sum={values.reduce((a, b) => a + b, 0).toFixed(4)}>
      {values.map((p, i) => (
        <li key={i} className={i === best ? 'best' : ''} data-testid="probability">
          <span className="probability-name">{names[i] ?? i}</span>
          <span className="probability-bar">
            <span style={{ width: `${(100 * p).toFixed(1)}%` }} />
          </span>
          <span className="probability-value">{(100 * p).toFixed(1)}%</span>
        </li>
      ))}
    </ol>
  );
}
