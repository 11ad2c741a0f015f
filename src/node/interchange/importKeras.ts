import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Graph } from '../../engine/graph';
import { kerasJsonToGraph } from '../../engine/interchange/fromKerasGraph';
import { IMPORTED_RUN_BACKEND } from '../../engine/interchange/importedRun';
import { arrangeKerasWeights } from '../../engine/interchange/fromKerasWeights';
import type { RunRecord } from '../../engine/project/schema';
import type { StoredWeights } from '../../engine/project/weights';
import { defaultTrainingSettings } from '../../engine/training';
import type { KerasTensor } from '../../engine/interchange/fromKerasWeights';
import { NO_WEIGHTS_IN_ARCHIVE, readKerasFile, readKerasWeightsFile } from './kerasFile';

export interface KerasImport {
  graph: Graph;
  /** A completed run holding the file's weights; null when it had none that fit. */
  run: RunRecord | null;
  weights: StoredWeights | null;
  problems: string[];
}

/** The run an imported model's weights live in, so the playground, evaluation and "train from" can use them. */
export function importedRun(fileName: string, graph: Graph, now = new Date()): RunRecord {
  const stamp = now.toISOString();
  return {
    id: randomUUID(),
    name: `Imported from ${fileName}`,
    startedAt: stamp,
    finishedAt: stamp,
    status: 'completed',
    error: null,
    backend: IMPORTED_RUN_BACKEND,
    kernels: [],
    settings: defaultTrainingSettings(),
    graph,
    epochs: [],
    batches: [],
    test: null,
    trainSamples: 0,
    validationSamples: 0,
    hasWeights: true,
    template: null,
    checkpoints: [],
    partialEpoch: null,
    earlyStop: null,
    pausedMs: 0,
  };
}

/** A weights file that cannot be read: the error names that file, not the model's. */
export class KerasWeightsFileError extends Error {
  constructor(file: string, reason: string) {
    super(`weights file ${file}: ${reason}`);
    this.name = 'KerasWeightsFileError';
  }
}

/** A second file with the model's weights: the tutorial keeps a JSON model and a `save_weights` HDF5 file side by side. */
export interface KerasWeightsSource {
  bytes: Uint8Array;
  fileName: string;
}

/** A Keras file's bytes as a graph, a run with its weights, and everything that did not carry over. */
export async function importKerasBytes(bytes: Uint8Array, fileName: string, weightsFile?: KerasWeightsSource): Promise<KerasImport> {
  const file = await readKerasFile(bytes);
  const { graph, problems } = kerasJsonToGraph(file.modelJson);
  if (!weightsFile) {
    const arranged = arrangeKerasWeights(graph, file.weights);
    return withRun(graph, path.basename(fileName), arranged.weights, [...file.problems, ...problems, ...arranged.problems]);
  }
  const name = path.basename(weightsFile.fileName);
  let tensors: Map<string, KerasTensor[]>;
  try {
    tensors = await readKerasWeightsFile(weightsFile.bytes);
  } catch (err) {
    throw new KerasWeightsFileError(weightsFile.fileName, err instanceof Error ? err.message : String(err));
  }
  const arranged = arrangeKerasWeights(graph, tensors);
  const replaced = file.weights.size > 0 ? [`The weights in ${name} were used instead of those saved in ${path.basename(fileName)}.`] : [];
  return withRun(graph, `${path.basename(fileName)} + ${name}`, arranged.weights, [
    // The weights file stands in for the archive's missing weights.
    ...file.problems.filter((p) => p !== NO_WEIGHTS_IN_ARCHIVE),
    ...problems,
    ...replaced,
    ...arranged.problems.map((p) => `${name}: ${p}`),
  ]);
}

function withRun(graph: Graph, runName: string, weights: StoredWeights | null, problems: string[]): KerasImport {
  return { graph, run: weights ? importedRun(runName, graph) : null, weights, problems };
}
