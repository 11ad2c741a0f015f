import type { RunRecord } from '../../../engine/project/schema';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import type { MethodName } from '../../../shared/channels';
import { api } from '../api/host';

export type PlaygroundInfo = MethodOutput<'playground.open'>;

type RunMethod = Exclude<Extract<MethodName, `playground.${string}`>, 'playground.open'>;

export function openRun(run: RunRecord): Promise<PlaygroundInfo> {
  return api.call('playground.open', { run });
}

/**
 * A playground call for an opened run. The host forgets opened runs when it
 * restarts; then it answers `not-found` and the run is opened again.
 */
export async function callRun<M extends RunMethod>(run: RunRecord, method: M, input: Omit<MethodInput<M>, 'runId'>): Promise<MethodOutput<M>> {
  const request = { ...input, runId: run.id } as MethodInput<M>;
  try {
    return await api.call(method, request);
  } catch (error) {
    if ((error as { code?: string }).code !== 'not-found') throw error;
    await openRun(run);
    return api.call(method, request);
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
