import { forwardRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isImportedRun } from '../../../engine/interchange/importedRun';
import type { RunRecord } from '../../../engine/project/schema';
import { tutorialCurve } from '../../../engine/templates/tutorialCurves';
import { tickFormatter } from '../training/MetricsCharts';
import { runLabel, templateTitle } from './runColumns';
import { metricNames, metricTitle, metricValues, overlayRows, type CurveSeries } from './runCurves';

/** One colour per compared run, in selection order; a template's tutorial line takes its first run's colour. */
export const RUN_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#475569'];
const TUTORIAL_DASH = '6 4';
const MARGIN = { top: 5, right: 12, bottom: 0, left: 0 };
/** Accuracies stop at 1: auto scaling would draw ticks above 100%. */
const ACCURACY_DOMAIN: [(min: number) => number, number] = [(min) => Math.max(0, Math.floor(min * 10) / 10), 1];
const isAccuracy = (metric: string) => /(^|_)acc$/.test(metric);
const formatValue = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

interface Line {
  key: string;
  name: string;
  color: string;
  tutorial: boolean;
}

function chartLines(runs: readonly RunRecord[], metric: string, showTutorial: boolean): { lines: Line[]; series: CurveSeries[] } {
  const lines: Line[] = [];
  const series: CurveSeries[] = [];
  runs.forEach((run, i) => {
    const values = metricValues(run.epochs, metric);
    if (values.every((v) => v === undefined)) return;
    lines.push({ key: `run${i}`, name: runLabel(run), color: RUN_COLORS[i % RUN_COLORS.length]!, tutorial: false });
    series.push({ key: `run${i}`, values });
  });
  if (!showTutorial) return { lines, series };
  const templates = [...new Set(runs.map((r) => r.template))];
  for (const template of templates) {
    const curve = tutorialCurve(template);
    const values = curve?.epochs.map((e) => e[metric]);
    if (!curve || !values || values.every((v) => v === undefined)) continue;
    const colorIndex = runs.findIndex((r) => r.template === template);
    const key = `tutorial-${curve.templateId}`;
    lines.push({ key, name: `Tutorial (Keras 1): ${templateTitle(curve.templateId)}`, color: RUN_COLORS[colorIndex % RUN_COLORS.length]!, tutorial: true });
    series.push({ key, values });
  }
  return { lines, series };
}

function MetricChart({ runs, metric, showTutorial }: { runs: readonly RunRecord[]; metric: string; showTutorial: boolean }) {
  const { lines, series } = chartLines(runs, metric, showTutorial);
  const rows = overlayRows(series);
  const formatTick = tickFormatter(series.flatMap((s) => s.values.filter((v): v is number => v !== undefined)));
  return (
    <figure data-testid={`compare-chart-${metric}`} data-lines={lines.length} data-tutorial-lines={lines.filter((l) => l.tutorial).length}>
      <figcaption>
        {metricTitle(metric)} <code>{metric}</code>
      </figcaption>
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" allowDecimals={false} />
          <YAxis domain={isAccuracy(metric) ? ACCURACY_DOMAIN : ['auto', 'auto']} allowDataOverflow={isAccuracy(metric)} tickFormatter={formatTick} width={56} />
          <Tooltip formatter={formatValue} labelFormatter={(epoch) => `Epoch ${String(epoch)}`} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {lines.map((line) => (
            <Line
              key={line.key}
              dataKey={line.key}
              name={line.name}
              stroke={line.color}
              strokeWidth={line.tutorial ? 1.5 : 2}
              strokeDasharray={line.tutorial ? TUTORIAL_DASH : undefined}
              dot={line.tutorial ? false : { r: 2.5 }}
              legendType="plainline"
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * The compared runs' per-epoch curves, one chart per logged metric (train and
 * validation apart, so the tutorial's dashed reference stays readable), with
 * the tutorial's printed figures for each template that has them.
 */
export const CompareCharts = forwardRef<HTMLDivElement, { runs: readonly RunRecord[]; showTutorial: boolean }>(function CompareCharts({ runs, showTutorial }, ref) {
  const metrics = metricNames(runs);
  return (
    <div className="compare-charts" ref={ref} data-testid="compare-charts">
      {metrics.length === 0 && (
        <p className="muted">
          {runs.length > 0 && runs.every(isImportedRun) ? 'Weights imported from Keras come without training curves.' : 'These runs logged no epoch yet.'}
        </p>
      )}
      {metrics.map((metric) => (
        <MetricChart key={metric} runs={runs} metric={metric} showTutorial={showTutorial} />
      ))}
    </div>
  );
});
