import { useAppStore } from '../store';
import { formatEta } from './format';

export function ProgressView() {
  const live = useAppStore((s) => s.live);
  if (!live) return null;
  const p = live.progress;
  const total = p ? p.epochs * p.batches : 0;
  const done = p ? (p.epoch - 1) * p.batches + p.batch : 0;
  const fraction = total > 0 ? done / total : 0;
  return (
    <div className="progress" data-testid="training-progress">
      <div className="progress-text">
        <strong>{live.runName}</strong> · {live.message}
      </div>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {p && (
        <div className="progress-text" data-testid="progress-counts">
          Epoch {p.epoch}/{p.epochs} · Batch {p.batch}/{p.batches} · ETA {formatEta(p.etaMs)}
        </div>
      )}
    </div>
  );
}
