import { isImportedRun } from '../../../engine/interchange/importedRun';
import type { RunRecord } from '../../../engine/project/schema';
import { TEMPLATES } from '../../../engine/templates';
import { fixed } from '../training/format';
import { runStatusText } from './runStatus';

/** The template's title for a run's template id; the id itself for a template this version does not know. */
export function templateTitle(id: string | null): string | null {
  if (!id) return null;
  return TEMPLATES.find((t) => t.id === id)?.title ?? id;
}

/** The run and, when known, its template: runs of different projects are often both "Run 1". */
export function runLabel(run: Pick<RunRecord, 'name' | 'template'>): string {
  const template = templateTitle(run.template);
  return template ? `${run.name} · ${template}` : run.name;
}

/** Wall-clock training time without the time spent paused; null when the timestamps are unreadable. */
export function runDurationMs(run: Pick<RunRecord, 'startedAt' | 'finishedAt' | 'pausedMs'>): number | null {
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt) - run.pausedMs;
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

/** `0.8 s`, `42 s`, `3m 05s`, `1h 02m`: tenths only where a run is that short. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export interface BestValidation {
  metric: 'val_acc' | 'val_loss';
  value: number;
  epoch: number;
}

/** The best validation figure of a run: the highest `val_acc` where it was measured, else the lowest `val_loss`. */
export function bestValidation(run: Pick<RunRecord, 'epochs'>): BestValidation | null {
  for (const [metric, better] of [
    ['val_acc', (a: number, b: number) => a > b],
    ['val_loss', (a: number, b: number) => a < b],
  ] as const) {
    let best: BestValidation | null = null;
    for (const e of run.epochs) {
      const value = e.metrics[metric];
      if (value !== undefined && Number.isFinite(value) && (!best || better(value, best.value))) best = { metric, value, epoch: e.epoch };
    }
    if (best) return best;
  }
  return null;
}

/** A training setting of a run, or '—' for imported weights, whose settings say nothing about how they were trained. */
function trained(run: RunRecord, text: string): string {
  return isImportedRun(run) ? '—' : text;
}

type SortValue = number | string | null;

/** Sorting as shown: imported weights have no training settings, so they sort last. */
function trainedValue(run: RunRecord, value: SortValue): SortValue {
  return isImportedRun(run) ? null : value;
}

export interface RunColumn {
  key: string;
  label: string;
  /** Header tooltip: what the column means. */
  hint?: string;
  text(run: RunRecord): string;
  sortValue(run: RunRecord): SortValue;
  numeric?: boolean;
}

/** The sortable columns between the selection box and the actions, in display order. */
export const RUN_COLUMNS: readonly RunColumn[] = [
  { key: 'name', label: 'Run', text: (r) => r.name, sortValue: (r) => r.startedAt },
  { key: 'template', label: 'Template', text: (r) => templateTitle(r.template) ?? '—', sortValue: (r) => templateTitle(r.template) },
  { key: 'dataset', label: 'Dataset', text: (r) => r.settings.dataset, sortValue: (r) => r.settings.dataset },
  {
    key: 'epochs',
    label: 'Epochs',
    hint: 'Epochs done / planned',
    text: (r) => trained(r, `${r.epochs.length}/${r.settings.epochs}`),
    sortValue: (r) => trainedValue(r, r.epochs.length),
    numeric: true,
  },
  { key: 'batch', label: 'Batch', text: (r) => trained(r, String(r.settings.batchSize)), sortValue: (r) => trainedValue(r, r.settings.batchSize), numeric: true },
  { key: 'optimizer', label: 'Optimizer', text: (r) => trained(r, r.settings.optimizer.kind), sortValue: (r) => trainedValue(r, r.settings.optimizer.kind) },
  { key: 'lr', label: 'LR', hint: 'Learning rate', text: (r) => trained(r, String(r.settings.optimizer.learningRate)), sortValue: (r) => trainedValue(r, r.settings.optimizer.learningRate), numeric: true },
  { key: 'backend', label: 'Backend', text: (r) => r.backend, sortValue: (r) => r.backend },
  {
    key: 'duration',
    label: 'Time',
    hint: 'Training time, pauses excluded',
    text: (r) => trained(r, formatDuration(runDurationMs(r))),
    sortValue: (r) => trainedValue(r, runDurationMs(r)),
    numeric: true,
  },
  {
    key: 'best',
    label: 'Best val.',
    hint: 'Best validation figure: highest val_acc, else lowest val_loss (epoch)',
    text: (r) => {
      const best = bestValidation(r);
      return best ? `${best.metric === 'val_acc' ? 'acc' : 'loss'} ${fixed(best.value)} (e${best.epoch})` : '—';
    },
    sortValue: (r) => bestValidation(r)?.value ?? null,
    numeric: true,
  },
  { key: 'status', label: 'Status', hint: 'How the run ended: completed, stopped (in which epoch), early stop, failed', text: runStatusText, sortValue: (r) => r.status },
  { key: 'test', label: 'Test acc', text: (r) => fixed(r.test?.accuracy), sortValue: (r) => r.test?.accuracy ?? null, numeric: true },
];

export interface RunSort {
  key: string;
  descending: boolean;
}

/** Newest first, as runs were listed before sorting existed. */
export const DEFAULT_SORT: RunSort = { key: 'name', descending: true };

/** Runs ordered by a column; runs without a value go last either way, ties keep their order. */
export function sortRuns(runs: readonly RunRecord[], sort: RunSort): RunRecord[] {
  const column = RUN_COLUMNS.find((c) => c.key === sort.key) ?? RUN_COLUMNS[0]!;
  const keyed = runs.map((run, index) => ({ run, index, value: column.sortValue(run) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
    const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
    return (sort.descending ? -order : order) || a.index - b.index;
  });
  return keyed.map((k) => k.run);
}

/** Clicking a header sorts by it; clicking it again reverses the order. */
export function nextSort(current: RunSort, key: string): RunSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: false };
}
