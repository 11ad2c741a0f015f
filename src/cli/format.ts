import type { Graph } from '../engine/graph';
import type { RunRecord } from '../engine/project/schema';
import { formatShape } from '../engine/shape';
import type { ModelSummary } from '../engine/summary';
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

const SUMMARY_COLUMNS = [33, 22, 12] as const;
const SUMMARY_WIDTH = 100;

function summaryRow(cells: readonly string[]): string {
  return cells.map((cell, i) => (i < SUMMARY_COLUMNS.length ? cell.padEnd(SUMMARY_COLUMNS[i]!) : cell)).join(' ').trimEnd();
}

/**
 * Keras 1's `model.summary()` layout (the tutorial's Keras): one row per layer
 * in topological order with its output shape, parameter count and inputs, and
 * the total as the last line. Unknown shapes and counts print as `?`.
 */
export function formatModelSummary(graph: Graph, summary: ModelSummary): string {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const inputsOf = (id: string) =>
    graph.edges.filter((e) => e.target === id).map((e) => `${names.get(e.source) ?? e.source}[0][0]`).join(', ');
  const rule = (c: string) => c.repeat(SUMMARY_WIDTH);
  const lines = [rule('_'), summaryRow(['Layer (type)', 'Output Shape', 'Param #', 'Connected to']), rule('=')];
  summary.layers.forEach((layer, i) => {
    const shape = layer.outputShape ? formatShape(layer.outputShape) : '?';
    lines.push(summaryRow([`${layer.name} (${layer.kind})`, shape, layer.params === null ? '?' : String(layer.params), inputsOf(layer.id)]));
    lines.push(i === summary.layers.length - 1 ? rule('=') : rule('_'));
  });
  if (!summary.complete) lines.push('(incomplete: some shapes or parameter counts are unknown; the total counts the known ones)');
  lines.push(`Total params: ${summary.totalParams}`);
  return lines.join('\n');
}
