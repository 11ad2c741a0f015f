import { describe, expect, it } from 'vitest';
import { appendToSeries, emptySeries } from './batchSeries';

const batch = (step: number) => ({ step, epoch: 1, loss: 1 / step, acc: null });

describe('batch series', () => {
  it('keeps every point while there is room', () => {
    const series = appendToSeries(emptySeries, [1, 2, 3].map(batch), 10);
    expect(series.points.map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('stays bounded and evenly spaced however long the run, fed in chunks', () => {
    let series = emptySeries;
    for (let start = 1; start <= 10_000; start += 37) {
      const chunk = Array.from({ length: Math.min(37, 10_001 - start) }, (_, i) => batch(start + i));
      series = appendToSeries(series, chunk, 1000);
    }
    expect(series.points.length).toBeLessThanOrEqual(1000);
    expect(series.points.length).toBeGreaterThan(500);
    const gaps = new Set(series.points.slice(1).map((p, i) => p.step - series.points[i]!.step));
    expect([...gaps]).toEqual([series.stride]);
    expect(series.points.at(-1)!.step).toBeGreaterThan(10_000 - series.stride);
  });
});
