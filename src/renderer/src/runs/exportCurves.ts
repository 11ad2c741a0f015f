import { toBlob } from 'html-to-image';
import type { RunRecord } from '../../../engine/project/schema';
import { downloadBlob, fileBaseName } from '../editor/exportGraph';
import { curvesCsv } from './runCurves';

/** One run's per-epoch metrics as `<run name>-curves.csv`. */
export function exportRunCsv(run: RunRecord): void {
  downloadBlob(new Blob([curvesCsv(run.epochs)], { type: 'text/csv' }), `${fileBaseName(run.name)}-curves.csv`);
}

/** The comparison charts as shown, on white at twice the screen resolution. */
export async function exportChartsPng(element: HTMLElement, baseName: string): Promise<void> {
  const blob = await toBlob(element, { backgroundColor: '#ffffff', pixelRatio: 2 });
  if (blob) downloadBlob(blob, `${fileBaseName(baseName)}-curves.png`);
}
