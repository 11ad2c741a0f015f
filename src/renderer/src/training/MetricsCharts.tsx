import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchRecord, EpochRecord } from '../../../engine/project/schema';

const COLORS: Record<string, string> = { loss: '#2563eb', val_loss: '#f97316', acc: '#16a34a', val_acc: '#db2777' };
/** For the per-output series of multi-output models, in order of appearance. */
const PALETTE = ['#7c3aed', '#0891b2', '#ca8a04', '#dc2626', '#4d7c0f', '#be185d', '#475569', '#ea580c'];
const MARGIN = { top: 5, right: 12, bottom: 0, left: 0 };
const formatValue = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));
/**
 * Tick labels with as many decimals as the plotted range needs, so that close
 * values (0.6925, 0.6931) stay apart; sums of losses (28432) stay whole.
 */
export function tickFormatter(values: readonly number[]): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const span = finite.length > 1 ? Math.max(...finite) - Math.min(...finite) : 0;
  const decimals = span > 0 ? Math.min(6, Math.max(0, Math.ceil(-Math.log10(span)) + 1)) : 2;
  return (v: number) => (Math.abs(v) >= 1000 && decimals <= 1 ? v.toFixed(0) : v.toFixed(Math.max(decimals, Math.abs(v) >= 1000 ? 0 : 2)));
}

type EpochRow = { epoch: number } & Record<string, number>;

type Domain = [number | 'auto' | ((dataMin: number) => number), number | 'auto'];

function EpochChart(props: { testId: string; title: string; rows: EpochRow[]; keys: string[]; domain: Domain }) {
  const keys = props.keys.filter((k) => props.rows.some((r) => k in r));
  const formatTick = tickFormatter(props.rows.flatMap((r) => keys.map((k) => r[k] ?? Number.NaN)));
  return (
    <figure data-testid={props.testId} data-points={props.rows.length}>
      <figcaption>{props.title}</figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={props.rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" allowDecimals={false} />
          <YAxis domain={props.domain} allowDataOverflow={props.domain[1] !== 'auto'} tickFormatter={formatTick} width={56} />
          <Tooltip formatter={formatValue} />
          <Legend />
          {keys.map((k, i) => (
            <Line
              key={k}
              dataKey={k}
              stroke={COLORS[k] ?? PALETTE[i % PALETTE.length]}
              strokeDasharray={k.startsWith('val_') ? '5 3' : undefined}
              dot
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Every metric name logged in any epoch, training ones first, in first-seen order. */
function metricKeys(epochs: readonly EpochRecord[]): string[] {
  const keys = [...new Set(epochs.flatMap((e) => Object.keys(e.metrics)))];
  return [...keys.filter((k) => !k.startsWith('val_')), ...keys.filter((k) => k.startsWith('val_'))];
}

const base = (key: string) => key.replace(/^val_/, '');

/**
 * Per-epoch loss and accuracy (train and validation), other metrics when an
 * output has them, and per-batch loss. Models with several outputs also get
 * each output's series (`digit_loss`, `aux_acc`, …), keyed as Keras logs them.
 */
export function MetricsCharts({ epochs, batches }: { epochs: readonly EpochRecord[]; batches: readonly BatchRecord[] }) {
  const rows = epochs.map((e) => ({ ...e.metrics, epoch: e.epoch }));
  const keys = metricKeys(epochs);
  const lossKeys = keys.filter((k) => base(k) === 'loss' || base(k).endsWith('_loss'));
  const accKeys = keys.filter((k) => base(k) === 'acc' || base(k).endsWith('_acc'));
  // Tutorial-batched runs: the sum of a pass's train_on_batch losses, the figure the tutorial prints.
  const sumKeys = keys.filter((k) => base(k) === 'loss_sum');
  const otherKeys = keys.filter((k) => !lossKeys.includes(k) && !accKeys.includes(k) && !sumKeys.includes(k));
  // A model compiled without accuracy (an autoencoder, a language model) gets no empty accuracy chart.
  const showAccuracy = accKeys.length > 0 || epochs.length === 0;
  return (
    <div className="charts">
      <EpochChart testId="chart-epoch-loss" title="Loss per epoch" rows={rows} keys={lossKeys.length ? lossKeys : ['loss', 'val_loss']} domain={['auto', 'auto']} />
      {sumKeys.length > 0 && (
        <EpochChart testId="chart-epoch-loss-sum" title="Loss summed over each pass (as the tutorial prints it)" rows={rows} keys={sumKeys} domain={['auto', 'auto']} />
      )}
      {showAccuracy && (
        <EpochChart testId="chart-epoch-acc" title="Accuracy per epoch" rows={rows} keys={accKeys.length ? accKeys : ['acc', 'val_acc']} domain={[(min: number) => Math.max(0, Math.floor(min * 10) / 10), 1]} />
      )}
      {otherKeys.length > 0 && (
        <EpochChart testId="chart-epoch-other" title="Other metrics per epoch" rows={rows} keys={otherKeys} domain={['auto', 'auto']} />
      )}
      <figure data-testid="chart-batch-loss" data-points={batches.length}>
        <figcaption>Loss per batch</figcaption>
        <ResponsiveContainer width="100%" height={140}>
          <LineChart data={batches as BatchRecord[]} margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis domain={['auto', 'auto']} tickFormatter={tickFormatter(batches.map((b) => b.loss))} width={56} />
            <Tooltip formatter={formatValue} />
            <Line dataKey="loss" stroke={COLORS.loss} dot={false} isAnimationActive={false} strokeWidth={1} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
