import path from 'node:path';
import { pythonDataPath, pythonScript } from '../../engine/interchange/pythonScript';
import type { RunRecord } from '../../engine/project/schema';
import { planTraining } from '../../engine/trainingPlan';
import { ApiError } from '../../shared/contract';
import { writeFileAtomic } from '../atomicWrite';
import type { DatasetDirs } from '../datasets';
import { checkExportTarget } from './exportTarget';
import { npzBytes } from './npz';
import { pythonDataArrays } from './pythonData';

export interface PythonExport {
  path: string;
  /** The .npz beside the script. */
  dataPath: string | null;
  /** Bytes written, script and data together. */
  bytes: number;
}

/**
 * `run.exportPython`: the run as a runnable Keras script plus the .npz of the
 * arrays it trains on, written side by side (`run.py` and `run.npz`).
 */
export async function exportRunToPython(request: { run: Pick<RunRecord, 'name' | 'graph' | 'settings'>; path: string }, dirs: DatasetDirs): Promise<PythonExport> {
  const { run } = request;
  const planned = planTraining(run.graph, run.settings);
  if (!planned.ok) throw new ApiError('bad-request', `Run '${run.name}' does not compile: ${planned.issues.map((i) => i.message).join('; ')}`);
  const file = path.resolve(request.path);
  const dataFile = pythonDataPath(file);
  try {
    await checkExportTarget(file);
    const { arrays, layout } = await pythonDataArrays(run.graph, planned.plan, run.settings, dirs, path.basename(dataFile));
    const data = npzBytes(arrays);
    const script = new TextEncoder().encode(pythonScript({ runName: run.name, plan: planned.plan, settings: run.settings, data: layout }));
    await writeFileAtomic(dataFile, data);
    await writeFileAtomic(file, script);
    return { path: file, dataPath: dataFile, bytes: script.byteLength + data.byteLength };
  } catch (err) {
    throw new ApiError('bad-request', `Could not export run '${run.name}' as a Python script to ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
