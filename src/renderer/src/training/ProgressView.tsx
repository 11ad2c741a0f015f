import { evaluationProgressText } from '../runs/runStatus';
import { useAppStore } from '../store';
import { formatEta } from './format';

export function ProgressView() {
  const live = useAppStore((s) => s.live);
  if (!live) return null;
  const p = live.progress;
  const paused = live.phase === 'paused';
  // The evaluation that ends the run has its own progress: samples of the test set.
  const test = live.phase === 'testing' ? live.testProgress : null;
  const total = test ? test.total : p ? p.epochs * p.batches : 0;
  const done = test ? test.done : p ? (p.epoch - 1) * p.batches + p.batch : 0;
  const fraction = total > 0 ? done / total : 0;
  return (
    <div className={paused ? 'progress paused' : 'progress'} data-testid="training-progress" data-phase={live.phase}>
      <div className="progress-text" data-testid="progress-status">
        <strong>{live.runName}</strong> · {live.message}
      </div>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {test ? (
        <div className="progress-text" data-testid="test-progress">
          Evaluating on the test set: {evaluationProgressText(test)}
        </div>
      ) : (
        p && (
          <div className="progress-text" data-testid="progress-counts">
            Epoch {p.epoch}/{p.epochs} · Batch {p.batch}/{p.batches}
            {/* No time passes for the run while it is held: an ETA would only grow stale. */}
            {paused ? ' · paused' : ` · ETA ${formatEta(p.etaMs)}`}
          </div>
        )
      )}
    </div>
  );
}
