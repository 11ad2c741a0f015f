import type { KerasModelTopology } from '../../engine/compile';
import type { KerasExportFormat } from '../../engine/interchange/kerasExport';
import { kerasModelJsonText } from '../../engine/interchange/kerasJson';
import { kerasWeightLayout } from '../../engine/interchange/kerasWeights';
import type { StoredWeights } from '../../engine/project/weights';
import { writeFileAtomic } from '../atomicWrite';
import { kerasModelH5, kerasModelZip, kerasWeightsH5 } from './kerasH5';

/** The bytes of one export format; `weights` may be a checkpoint's (its optimizer state is left out). */
export async function kerasExportBytes(format: KerasExportFormat, topology: KerasModelTopology, weights: StoredWeights): Promise<Uint8Array> {
  if (format === 'json') return new TextEncoder().encode(kerasModelJsonText(topology));
  const layout = kerasWeightLayout(topology, weights);
  if (format === 'weights-h5') return kerasWeightsH5(layout, weights.data);
  return format === 'model-keras' ? kerasModelZip(topology, layout, weights.data) : kerasModelH5(topology, layout, weights.data);
}

/** Writes an export atomically to `file`; returns its size. */
export async function writeKerasExport(
  file: string,
  format: KerasExportFormat,
  topology: KerasModelTopology,
  weights: StoredWeights,
): Promise<number> {
  const bytes = await kerasExportBytes(format, topology, weights);
  await writeFileAtomic(file, bytes);
  return bytes.byteLength;
}
