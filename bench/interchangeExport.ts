/**
 * LayerLab's side of `npm run bench:interchange` (run with tsx).
 *
 *   npx tsx bench/interchangeExport.ts --out DIR [--only a,b] [--count 100] [--steps 20] [--kinds-only | --templates-only]
 *
 * Per template: a run trained through the app's own path (`train()`, with
 * the template's settings cut to `steps` batches; fused recurrent layers and
 * the raw TensorFlow step where native allows), its saved weights exported
 * in every Keras format with the app's exporter (src/node/interchange),
 * as `run.exportKeras` does; then `count` test samples (the dataset's test
 * split, as the app loads it; the training corpus where a dataset has none)
 * and LayerLab's predictions for them, with that run's weights.
 *
 * Per layer-kind graph (test/interchange/layerKindGraphs.ts, every kind
 * LayerLab has): the model with seeded random weights (so biases and
 * BatchNormalization statistics are not their zero/one initial values) on
 * `count` random valid inputs.
 *
 * Writes DIR/<id>/ (exports, inputs and outputs as raw little-endian float32,
 * meta.json) and prints one JSON line per case.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { compileGraph, type KerasModelTopology } from '../src/engine/compile';
import { KERAS_EXPORT_FORMATS } from '../src/engine/interchange/kerasExport';
import { kerasWeightLayout, layoutParamCount } from '../src/engine/interchange/kerasWeights';
import type { StoredWeights } from '../src/engine/project/weights';
import { getTemplate, TEMPLATES } from '../src/engine/templates';
import { planTraining, type TrainingPlan } from '../src/engine/trainingPlan';
import { kerasExportBytes } from '../src/node/interchange/kerasExport';
import { WeightsStore } from '../src/node/weightsStore';
import type { TrainRequest } from '../src/shared/trainerProtocol';
import { buildCompiledModel } from '../src/trainer/compileModel';
import { disposeData, loadTrainingData, type ModelShapes } from '../src/trainer/data';
import { disposeModel } from '../src/trainer/disposeModel';
import { loadTf } from '../src/trainer/tfBackend';
import { train } from '../src/trainer/train';
import { applyModelWeights, readModelWeights } from '../src/trainer/weights';
import { LAYER_KIND_GRAPHS } from '../test/interchange/layerKindGraphs';
import { randomizeWeights, seededRandom } from '../test/interchange/randomWeights';
import { sampleInputs } from '../test/interchange/sampleInputs';
import { datasetDirs } from './datasetDirs';
import { stepLimitedSettings } from './stepLimitedSettings';

export const EXPORT_FILES = { json: 'model.keras.json', 'weights-h5': 'model-weights.h5', 'model-h5': 'model.h5', 'model-keras': 'model.keras' } as const;

type LoadedTf = Awaited<ReturnType<typeof loadTf>>;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Samples {
  arrays: { values: Float32Array; shape: number[] }[];
  /** What the samples are, for the report: "100 test samples", "100 random inputs". */
  source: string;
}

/** What one case hands the Keras side: its exports, the inputs, LayerLab's outputs for them, and how the weights came about. */
interface CaseMeta {
  id: string;
  kind: 'template' | 'layer-kinds';
  weights: string;
  samples: string;
}

function writeFloats(dir: string, file: string, values: ArrayLike<number>): void {
  writeFileSync(path.join(dir, file), Buffer.from(Float32Array.from(values).buffer));
}

async function writeCase(
  tf: typeof TF,
  dir: string,
  info: CaseMeta,
  topology: KerasModelTopology,
  model: TF.LayersModel,
  weights: StoredWeights,
  samples: Samples,
): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const format of KERAS_EXPORT_FORMATS) writeFileSync(path.join(dir, EXPORT_FILES[format]), await kerasExportBytes(format, topology, weights));
  const inputs = samples.arrays.map((x, i) => {
    writeFloats(dir, `input_${i}.bin`, x.values);
    return { file: `input_${i}.bin`, shape: x.shape };
  });
  const outputs = tf.tidy(() => {
    const predicted = model.predict(
      samples.arrays.map((x) => tf.tensor(x.values, x.shape)),
      { batchSize: 32 },
    );
    return (Array.isArray(predicted) ? predicted : [predicted]).map((t, i) => {
      writeFloats(dir, `output_${i}.bin`, t.dataSync());
      return { file: `output_${i}.bin`, shape: t.shape };
    });
  });
  const layout = kerasWeightLayout(topology, weights);
  const meta = {
    ...info,
    files: EXPORT_FILES,
    inputs,
    outputs,
    tfjsParams: model.countParams(),
    exportedParams: layoutParamCount(layout),
    weightNames: layout.flatMap((l) => l.weights.map((w) => w.name)),
  };
  writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(JSON.stringify({ id: info.id, kind: info.kind, dir, tfjsParams: meta.tfjsParams, weights: info.weights, samples: info.samples }));
}

/** Trains the template through `train()` for `steps` batches and returns the run's saved weights, as the app stores them. */
async function trainedRunWeights(loaded: LoadedTf, id: string, steps: number, weightsDir: string): Promise<StoredWeights> {
  const template = getTemplate(id)!;
  const settings = stepLimitedSettings(template.training, steps, { imageEvery: null });
  const planned = planTraining(template.graph, settings);
  if (!planned.ok) throw new Error(`${id} does not plan: ${planned.issues.map((i) => i.message).join('; ')}`);
  const runId = `interchange-${id}`;
  const request: TrainRequest = {
    type: 'train',
    runId,
    modelTopology: planned.plan.modelTopology as unknown as Record<string, unknown>,
    inputs: planned.plan.inputs,
    outputs: planned.plan.outputs,
    settings,
    initialWeightsFrom: null,
    dirs: datasetDirs(weightsDir),
  };
  let batches = 0;
  let failure: string | null = null;
  await train(
    {
      tf: loaded.tf,
      backend: loaded.backend,
      send: (message) => {
        if (message.type === 'error') failure = message.message;
      },
      stopRequested: () => batches >= steps,
      onBatchEnd: () => {
        batches += 1;
      },
    },
    request,
  );
  if (failure) throw new Error(`${id}: training failed: ${failure}`);
  if (batches === 0) throw new Error(`${id}: training ran no batch`);
  return new WeightsStore(weightsDir).read(runId);
}

/** `count` samples of the template's test split as the app loads them; the training corpus where the dataset has no test split. */
async function testSamples(tf: typeof TF, id: string, plan: TrainingPlan, model: TF.LayersModel, count: number, weightsDir: string): Promise<Samples> {
  const template = getTemplate(id)!;
  const request = { ...plan, settings: template.training };
  const shapes: ModelShapes = { inputs: model.inputs.map((t) => t.shape), outputs: model.outputs.map((t) => t.shape) };
  const options = { corpusLines: template.training.corpusLines, limit: count };
  for (const split of ['test', 'train'] as const) {
    const data = await loadTrainingData(tf, template.training.dataset, split, request, shapes, datasetDirs(weightsDir), options);
    try {
      if (data.count === 0) continue;
      const arrays = data.xs.map((x) => ({ values: Float32Array.from(x.dataSync()), shape: [...x.shape] }));
      return { arrays, source: split === 'test' ? `${data.count} test samples` : `${data.count} training samples (no test split)` };
    } finally {
      disposeData(tf, data);
    }
  }
  throw new Error(`${id}: the dataset gave no samples`);
}

async function exportTemplate(loaded: LoadedTf, id: string, outRoot: string, count: number, steps: number): Promise<void> {
  const { tf } = loaded;
  const template = getTemplate(id)!;
  const weightsDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-interchange-'));
  try {
    const weights = await trainedRunWeights(loaded, id, steps, weightsDir);
    // The model the playground and evaluation build for a run: the app's compile path, the run's weights.
    const planned = planTraining(template.graph, template.training);
    if (!planned.ok) throw new Error(`${id} does not plan`);
    const topology = planned.plan.modelTopology;
    const { model } = await buildCompiledModel(tf, topology as unknown as Record<string, unknown>, planned.plan, template.training);
    try {
      applyModelWeights(tf, model, weights);
      const samples = await testSamples(tf, id, planned.plan, model, count, weightsDir);
      const info: CaseMeta = { id, kind: 'template', weights: `a run trained ${steps} batches`, samples: samples.source };
      await writeCase(tf, path.join(outRoot, id), info, topology, model, weights, samples);
    } finally {
      disposeModel(model);
    }
  } finally {
    rmSync(weightsDir, { recursive: true, force: true });
  }
}

async function exportLayerKinds(tf: typeof TF, graphId: string, outRoot: string, count: number): Promise<void> {
  const { graph } = LAYER_KIND_GRAPHS.find((c) => c.id === graphId)!;
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error(`${graphId} does not compile: ${compiled.issues.map((i) => i.message).join('; ')}`);
  const topology = compiled.modelTopology;
  const model = await tf.models.modelFromJSON({ modelTopology: topology as never });
  try {
    randomizeWeights(tf, model, seededRandom(graphId.length));
    const samples = { arrays: sampleInputs(topology, model, count, seededRandom(1)), source: `${count} random inputs` };
    const info: CaseMeta = { id: graphId, kind: 'layer-kinds', weights: 'seeded random', samples: samples.source };
    await writeCase(tf, path.join(outRoot, graphId), info, topology, model, readModelWeights(model), samples);
  } finally {
    disposeModel(model);
  }
}

async function main(): Promise<void> {
  const out = path.resolve(option('out') ?? path.join(__dirname, '.cache', 'interchange'));
  const only = option('only')?.split(',').filter(Boolean);
  const templateIds = TEMPLATES.map((t) => t.id).filter((id) => !only || only.includes(id));
  const kindIds = LAYER_KIND_GRAPHS.map((c) => c.id).filter((id) => !only || only.includes(id));
  const unknown = only?.filter((id) => !templateIds.includes(id) && !kindIds.includes(id)) ?? [];
  if (unknown.length) throw new Error(`unknown id(s): ${unknown.join(', ')} (template ids, or ${LAYER_KIND_GRAPHS.map((c) => c.id).join(', ')})`);
  const count = Number(option('count') ?? 100);
  const steps = Number(option('steps') ?? 20);
  const loaded = await loadTf('native');
  if (!process.argv.includes('--kinds-only')) for (const id of templateIds) await exportTemplate(loaded, id, out, count, steps);
  if (!process.argv.includes('--templates-only')) for (const id of kindIds) await exportLayerKinds(loaded.tf, id, out, count);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
