import type { BatchRecord } from './project/schema';

/** Enough points for a smooth per-batch curve without bloating project files or charts. */
export const MAX_BATCH_POINTS = 4000;

/** Per-batch records kept at an even stride: every `stride`-th step. */
export interface BatchSeries {
  points: readonly BatchRecord[];
  stride: number;
}

export const emptySeries: BatchSeries = { points: [], stride: 1 };

/**
 * Appends records; whenever the series is full, the stride doubles and every
 * other point goes, so a run of any length stays evenly sampled and bounded.
 */
export function appendToSeries(series: BatchSeries, incoming: readonly BatchRecord[], max = MAX_BATCH_POINTS): BatchSeries {
  if (incoming.length === 0) return series;
  let stride = series.stride;
  let points = [...series.points];
  for (const record of incoming) {
    if (record.step % stride !== 0) continue;
    points.push(record);
    if (points.length > max) {
      stride *= 2;
      points = points.filter((p) => p.step % stride === 0);
    }
  }
  return { points, stride };
}
