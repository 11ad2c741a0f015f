import type { RunRecord } from '../project/schema';

/** The backend an imported run records: its weights were trained in Keras, not here. */
export const IMPORTED_RUN_BACKEND = 'keras';

/**
 * Whether a run holds weights imported from a Keras file rather than trained
 * in LayerLab: its settings are the project's defaults, not how the weights
 * were made, so the Runs table shows none of them.
 */
export function isImportedRun(run: Pick<RunRecord, 'backend' | 'epochs' | 'trainSamples'>): boolean {
  return run.backend === IMPORTED_RUN_BACKEND && run.epochs.length === 0 && run.trainSamples === 0;
}
