import { kerasExportPath, type KerasExportFormat } from '../../../engine/interchange/kerasExport';
import { pythonScriptPath } from '../../../engine/interchange/pythonScript';
import type { Checkpoint, RunRecord } from '../../../engine/project/schema';

/** The Keras file formats, plus a runnable Keras script (with a .npz of its data beside it). */
export type ExportChoice = KerasExportFormat | 'python';

/** The weights choice for the run's final weights (a checkpoint's is its id). */
export const FINAL_WEIGHTS = '';

/** What a checkpoint adds to an export's file name: `-e3` for a periodic one, `-best` for the best. */
export function checkpointFileSuffix(checkpoint: Pick<Checkpoint, 'kind' | 'epoch'>): string {
  return checkpoint.kind === 'best' ? '-best' : `-e${checkpoint.epoch}`;
}

/** The final weights, or for a run without them (failed, or stopped before saving them) its last checkpoint's. */
export function initialWeightsChoice(run: Pick<RunRecord, 'hasWeights' | 'checkpoints'>): string {
  return run.hasWeights ? FINAL_WEIGHTS : (run.checkpoints.at(-1)?.id ?? FINAL_WEIGHTS);
}

export interface ExportPlan {
  /** The checkpoint whose weights are written; null for the final weights, or a format that uses none. */
  checkpoint: Checkpoint | null;
  /** Whether the format writes weights: the topology (JSON) and the script do not. */
  usesWeights: boolean;
  /** Where the export goes unless the user typed a path: beside the project, named after the run and the checkpoint. */
  defaultPath: string;
  /** The format needs weights and there are none to write (no checkpoint chosen, no final weights). */
  missingWeights: boolean;
}

/**
 * What "Export to Keras" writes for a format and a weights choice (a
 * checkpoint id, or FINAL_WEIGHTS). A checkpoint that is no longer the run's
 * counts as the final weights.
 */
export function exportPlan(run: RunRecord, format: ExportChoice, weightsChoice: string, where: { projectFile: string | null; projectsDir: string }): ExportPlan {
  const usesWeights = format !== 'json' && format !== 'python';
  const checkpoint = usesWeights ? (run.checkpoints.find((c) => c.id === weightsChoice) ?? null) : null;
  const defaultPath =
    format === 'python'
      ? pythonScriptPath(where.projectFile, where.projectsDir, run.name)
      : kerasExportPath(where.projectFile, where.projectsDir, checkpoint ? `${run.name}${checkpointFileSuffix(checkpoint)}` : run.name, format);
  return { checkpoint, usesWeights, defaultPath, missingWeights: usesWeights && checkpoint === null && !run.hasWeights };
}
