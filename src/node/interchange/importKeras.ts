import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Graph } from '../../engine/graph';
import { kerasJsonToGraph } from '../../engine/interchange/fromKerasGraph';
import { arrangeKerasWeights } from '../../engine/interchange/fromKerasWeights';
import type { RunRecord } from '../../engine/project/schema';
import type { StoredWeights } from '../../engine/project/weights';
import { defaultTrainingSettings } from '../../engine/training';
import { readKerasFile } from './kerasFile';

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
    backend: 'keras',
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

/** A Keras file's bytes as a graph, a run with its weights, and everything that did not carry over. */
export async function importKerasBytes(bytes: Uint8Array, fileName: string): Promise<KerasImport> {
  const file = await readKerasFile(bytes);
  const { graph, problems } = kerasJsonToGraph(file.modelJson);
  const arranged = arrangeKerasWeights(graph, file.weights);
  const weights = arranged.weights;
  return {
    graph,
    run: weights ? importedRun(path.basename(fileName), graph) : null,
    weights,
    problems: [...file.problems, ...problems, ...arranged.problems],
  };
}
