import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchRecord, EpochRecord } from '../../../engine/project/schema';

const COLORS = { loss: '#2563eb', val_loss: '#f97316', acc: '#16a34a', val_acc: '#db2777' };

function epochRows(epochs: readonly EpochRecord[]) {
  return epochs.map((e) => ({ epoch: e.epoch, ...e.metrics }));
}

/** Per-epoch loss and accuracy (train and validation), and per-batch loss. */
export function MetricsCharts({ epochs, batches }: { epochs: readonly EpochRecord[]; batches: readonly BatchRecord[] }) {
  const rows = epochRows(epochs);
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  const lossKeys = (['loss', 'val_loss'] as const).filter((k) => keys.has(k));
  const accKeys = (['acc', 'val_acc'] as const).filter((k) => keys.has(k));
  return (
    <div className="charts">
      <figure data-testid="chart-epoch-loss" data-points={rows.length}>
        <figcaption>Loss per epoch</figcaption>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows} margin={{ top: 5, right: 12, bottom: 0, left: -10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" allowDecimals={false} />
            <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Legend />
            {lossKeys.map((k) => (
              <Line key={k} dataKey={k} stroke={COLORS[k]} dot isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure data-testid="chart-epoch-acc" data-points={rows.length}>
        <figcaption>Accuracy per epoch</figcaption>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows} margin={{ top: 5, right: 12, bottom: 0, left: -10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" allowDecimals={false} />
            <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Legend />
            {accKeys.map((k) => (
              <Line key={k} dataKey={k} stroke={COLORS[k]} dot isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure data-testid="chart-batch-loss" data-points={batches.length}>
        <figcaption>Loss per batch</figcaption>
        <ResponsiveContainer width="100%" height={140}>
          <LineChart data={batches as BatchRecord[]} margin={{ top: 5, right: 12, bottom: 0, left: -10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Line dataKey="loss" stroke={COLORS.loss} dot={false} isAnimationActive={false} strokeWidth={1} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
