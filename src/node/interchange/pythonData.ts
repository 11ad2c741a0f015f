import { compileGraph } from '../../engine/compile';
import type { Graph } from '../../engine/graph';
import type { NpzSplitNames, PythonDataLayout } from '../../engine/interchange/pythonScript';
import { effectiveValidation } from '../../engine/interchange/pythonScript';
import { testLimitOf, type TrainingSettings } from '../../engine/training';
import type { TrainingPlan } from '../../engine/trainingPlan';
import type { DatasetDirs } from '../datasets';
import { loadTrainingArrays, type HostArray, type ModelShapes, type TrainingArrays } from '../trainingData/arrays';
import type { NpzArray } from './npz';

/** The model's input and output shapes from the graph's own analysis (no tfjs model needed), in model order. */
export function graphModelShapes(graph: Graph): ModelShapes {
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  const shape = (id: string) => compiled.analysis.nodeShapes[id] ?? [];
  return { inputs: compiled.analysis.inputs.map(shape), outputs: compiled.analysis.outputs.map(shape) };
}

/**
 * Names each distinct array of a split once (outputs that learn one target
 * share it), adding it to `arrays`.
 */
function nameSplit(prefix: string, data: TrainingArrays, arrays: NpzArray[]): NpzSplitNames {
  const named = new Map<HostArray, string>();
  const nameOf = (array: HostArray, kind: 'x' | 'y', i: number) => {
    let name = named.get(array);
    if (!name) {
      name = `${prefix}_${kind}${i}`;
      named.set(array, name);
      arrays.push({ name, values: array.values, shape: array.shape });
    }
    return name;
  };
  return { x: data.xs.map((a, i) => nameOf(a, 'x', i)), y: data.ys.map((a, i) => nameOf(a, 'y', i)) };
}

/**
 * The arrays the trainer would train, validate and test this run on (same
 * loader, same limits), laid out for a .npz and the script that reads it.
 */
export async function pythonDataArrays(
  graph: Graph,
  plan: TrainingPlan,
  settings: TrainingSettings,
  dirs: DatasetDirs,
  file: string,
): Promise<{ arrays: NpzArray[]; layout: PythonDataLayout }> {
  const shapes = graphModelShapes(graph);
  const options = { corpusLines: settings.corpusLines, batchSize: settings.batchSize };
  const load = (split: 'train' | 'test', limit: number | null) =>
    loadTrainingArrays(settings.dataset, split, plan, shapes, dirs, limit === null ? options : { ...options, limit });
  const arrays: NpzArray[] = [];
  const train = await load('train', settings.trainLimit);
  const layout: PythonDataLayout = { file, train: nameSplit('train', train, arrays), test: null, tutorialBatches: null };
  if (settings.batching === 'tutorial' && train.tutorialBatches) {
    layout.tutorialBatches = 'tutorial_batches';
    arrays.push({ name: 'tutorial_batches', values: train.tutorialBatches, shape: [train.tutorialBatches.length / 2, 2] });
  }
  // Validation on the test split takes all of it, as the trainer does; the final evaluation alone takes the test limit.
  const validatesOnTest = effectiveValidation(settings) === 'test';
  if (validatesOnTest || settings.testAfterTraining) {
    const test = await load('test', validatesOnTest ? null : testLimitOf(settings));
    if (test.count > 0) layout.test = nameSplit('test', test, arrays);
  }
  return { arrays, layout };
}
