import type { RunRecord } from '../engine/project/schema';
import type { BackendInfo } from '../shared/contract';

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}

export function formatRunSummary(run: RunRecord, backend: BackendInfo | null): string {
  const lines = [`${run.name}: ${run.status}${run.error ? ` (${run.error})` : ''}`];
  lines.push(`  backend: ${backend ? `${backend.name} — ${backend.detail}` : run.backend}`);
  const last = run.epochs.at(-1);
  if (last) {
    const metrics = Object.entries(last.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
    lines.push(`  after ${run.epochs.length} epoch(s): ${metrics}`);
  }
  if (run.test) {
    const accuracy = run.test.accuracy === null ? '' : `, accuracy ${run.test.accuracy.toFixed(4)}`;
    lines.push(`  test (${run.test.samples} samples): loss ${run.test.loss.toFixed(4)}${accuracy}`);
  }
  return lines.join('\n');
}
