import path from 'node:path';
import type { KerasExportFormat } from '../../engine/interchange/kerasExport';
import type { RunRecord } from '../../engine/project/schema';
import { planTraining } from '../../engine/trainingPlan';
import { ApiError } from '../../shared/contract';
import type { WeightsStore } from '../weightsStore';
import { checkExportTarget } from './exportTarget';
import { writeKerasExport } from './kerasExport';

export interface ExportRunRequest {
  run: RunRecord;
  checkpointId: string | null;
  format: KerasExportFormat;
  path: string;
}

/** `run.exportKeras`: the run's graph as trained, with its final weights or one checkpoint's, written for Keras. */
export async function exportRunToKeras(request: ExportRunRequest, weightsStore: WeightsStore): Promise<{ path: string; bytes: number }> {
  const { run, checkpointId, format } = request;
  const planned = planTraining(run.graph, run.settings);
  if (!planned.ok) throw new ApiError('bad-request', `Run '${run.name}' does not compile: ${planned.issues.map((i) => i.message).join('; ')}`);
  if (checkpointId && !run.checkpoints.some((c) => c.id === checkpointId)) {
    throw new ApiError('not-found', `Run '${run.name}' has no checkpoint '${checkpointId}'`);
  }
  if (!checkpointId && !run.hasWeights && format !== 'json') throw new ApiError('bad-request', `Run '${run.name}' has no saved weights to export`);
  // The topology alone needs no weights; a layout check against them still catches a mismatched file below.
  const weights = format === 'json' ? { specs: [], data: new Uint8Array() } : await weightsStore.read(checkpointId ?? run.id);
  const file = path.resolve(request.path);
  try {
    await checkExportTarget(file);
    return { path: file, bytes: await writeKerasExport(file, format, planned.plan.modelTopology, weights) };
  } catch (err) {
    throw new ApiError('bad-request', `Could not export run '${run.name}' to ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
