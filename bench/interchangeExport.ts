/**
 * LayerLab's side of `npm run bench:interchange` (run with tsx).
 *
 *   npx tsx bench/interchangeExport.ts --out DIR [--only a,b] [--count 100] [--seed 1]
 *
 * Per template: builds the model through the app's own path (`planTraining` →
 * `buildCompiledModel`, so fused recurrent layers where native allows) with
 * its initial weights, exports it in the three Keras formats with the app's
 * exporter (src/node/interchange), and writes `count` random valid inputs and
 * LayerLab's predictions for them as raw little-endian float32, with
 * meta.json. Prints one JSON line per template.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { KerasModelTopology } from '../src/engine/compile';
import { KERAS_EXPORT_FORMATS } from '../src/engine/interchange/kerasExport';
import { kerasWeightLayout, layoutParamCount } from '../src/engine/interchange/kerasWeights';
import { getTemplate, TEMPLATES } from '../src/engine/templates';
import { planTraining } from '../src/engine/trainingPlan';
import { kerasExportBytes } from '../src/node/interchange/kerasExport';
import { buildCompiledModel } from '../src/trainer/compileModel';
import { disposeModel } from '../src/trainer/disposeModel';
import { loadTf } from '../src/trainer/tfBackend';
import { readModelWeights } from '../src/trainer/weights';

export const EXPORT_FILES = { json: 'model.keras.json', 'weights-h5': 'model-weights.h5', 'model-h5': 'model.h5' } as const;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A small seeded generator, so a rerun feeds both sides the same inputs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word ids below the vocabulary of the Embedding an input feeds; otherwise values in [0, 1) like scaled pixels. */
function inputSampler(topology: KerasModelTopology, input: string, random: () => number): () => number {
  const consumer = topology.config.layers.find((l) => l.inbound_nodes.some((node) => node.some(([source]) => source === input)));
  const vocabulary = consumer?.class_name === 'Embedding' ? Number(consumer.config.input_dim) : null;
  return vocabulary ? () => Math.floor(random() * vocabulary) : random;
}

function writeFloats(dir: string, file: string, values: Float32Array | Int32Array | Uint8Array): void {
  const floats = Float32Array.from(values);
  writeFileSync(path.join(dir, file), Buffer.from(floats.buffer));
}

async function exportOne(tf: typeof TF, id: string, outRoot: string, count: number, random: () => number): Promise<void> {
  const template = getTemplate(id)!;
  const planned = planTraining(template.graph, template.training);
  if (!planned.ok) throw new Error(`${id} does not plan: ${planned.issues.map((i) => i.message).join('; ')}`);
  const topology = planned.plan.modelTopology;
  const dir = path.join(outRoot, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { model } = await buildCompiledModel(tf, topology as unknown as Record<string, unknown>, planned.plan, template.training);
  try {
    const weights = readModelWeights(model);
    for (const format of KERAS_EXPORT_FORMATS) writeFileSync(path.join(dir, EXPORT_FILES[format]), await kerasExportBytes(format, topology, weights));
    const inputs = model.inputs.map((input, i) => {
      const shape = [count, ...input.shape.slice(1).map((d) => d ?? 1)];
      const sample = inputSampler(topology, model.inputNames[i]!, random);
      const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, sample);
      writeFloats(dir, `input_${i}.bin`, values);
      return { file: `input_${i}.bin`, shape, tensor: tf.tensor(values, shape) };
    });
    const predicted = model.predict(inputs.map((x) => x.tensor), { batchSize: 32 });
    const outputs = (Array.isArray(predicted) ? predicted : [predicted]).map((t, i) => {
      writeFloats(dir, `output_${i}.bin`, t.dataSync() as Float32Array);
      return { file: `output_${i}.bin`, shape: t.shape };
    });
    tf.dispose([...inputs.map((x) => x.tensor), ...(Array.isArray(predicted) ? predicted : [predicted])]);
    const meta = {
      id,
      files: EXPORT_FILES,
      inputs: inputs.map(({ file, shape }) => ({ file, shape })),
      outputs,
      tfjsParams: model.countParams(),
      exportedParams: layoutParamCount(kerasWeightLayout(topology, weights)),
      weightNames: kerasWeightLayout(topology, weights).flatMap((l) => l.weights.map((w) => w.name)),
    };
    writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    console.log(JSON.stringify({ id, dir, tfjsParams: meta.tfjsParams }));
  } finally {
    disposeModel(model);
  }
}

async function main(): Promise<void> {
  const out = path.resolve(option('out') ?? path.join(__dirname, '.cache', 'interchange'));
  const ids = option('only')?.split(',').filter(Boolean) ?? TEMPLATES.map((t) => t.id);
  const unknown = ids.filter((id) => !getTemplate(id));
  if (unknown.length) throw new Error(`unknown template id(s): ${unknown.join(', ')}`);
  const { tf } = await loadTf('native');
  const random = mulberry32(Number(option('seed') ?? 1));
  for (const id of ids) await exportOne(tf, id, out, Number(option('count') ?? 100), random);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
