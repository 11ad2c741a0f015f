import type { EpochRecord } from '../../../engine/project/schema';

/** Keras' usual names first, in the order the charts show them; any other logged name after, in first-seen order. */
const KNOWN_ORDER = ['loss', 'val_loss', 'acc', 'val_acc', 'loss_sum'];

/** Every metric logged in any epoch of any of the runs, in chart order. */
export function metricNames(runs: readonly { epochs: readonly EpochRecord[] }[]): string[] {
  const seen = [...new Set(runs.flatMap((r) => r.epochs.flatMap((e) => Object.keys(e.metrics))))];
  const known = KNOWN_ORDER.filter((k) => seen.includes(k));
  const other = seen.filter((k) => !KNOWN_ORDER.includes(k));
  return [...known, ...other.filter((k) => !k.startsWith('val_')), ...other.filter((k) => k.startsWith('val_'))];
}

const TITLES: Record<string, string> = {
  loss: 'Training loss',
  val_loss: 'Validation loss',
  acc: 'Training accuracy',
  val_acc: 'Validation accuracy',
  loss_sum: 'Loss summed over each pass',
};

/** A chart title for a Keras log name; other names (`mean_squared_error`, `digit_acc`) are shown as logged. */
export function metricTitle(metric: string): string {
  return TITLES[metric] ?? (metric.startsWith('val_') ? `Validation ${metric.slice(4)}` : metric);
}

/** One line of a chart: per-epoch values (epoch n at index n - 1; missing epochs are undefined). */
export interface CurveSeries {
  key: string;
  values: readonly (number | undefined)[];
}

export type OverlayRow = { epoch: number } & Record<string, number>;

/** One row per epoch with every series' value under its key, as recharts wants them. */
export function overlayRows(series: readonly CurveSeries[]): OverlayRow[] {
  const epochs = Math.max(0, ...series.map((s) => s.values.length));
  return Array.from({ length: epochs }, (_, i) => {
    const row: OverlayRow = { epoch: i + 1 };
    for (const s of series) {
      const value = s.values[i];
      if (value !== undefined && Number.isFinite(value)) row[s.key] = value;
    }
    return row;
  });
}

/** A run's values of one metric by epoch number. */
export function metricValues(epochs: readonly EpochRecord[], metric: string): (number | undefined)[] {
  const values: (number | undefined)[] = [];
  for (const e of epochs) values[e.epoch - 1] = e.metrics[metric];
  return Array.from(values);
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** `epoch,loss,val_loss,acc,val_acc` (the charts' order) and one line per epoch, full precision; a metric an epoch lacks is empty. */
export function curvesCsv(epochs: readonly EpochRecord[]): string {
  const metrics = metricNames([{ epochs }]);
  const lines = [['epoch', ...metrics].map(csvCell).join(',')];
  for (const e of epochs) lines.push([String(e.epoch), ...metrics.map((m) => (e.metrics[m] === undefined ? '' : String(e.metrics[m])))].join(','));
  return `${lines.join('\n')}\n`;
}
