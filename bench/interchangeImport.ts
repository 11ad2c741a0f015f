/**
 * `INTERCHANGE_CASE=DIR node --import tsx bench/interchangeImport.ts`: LayerLab imports
 * Keras' own `model.save()` of a template or a layer-kind graph (written by interchange_check.py
 * into DIR as keras-own.h5) through the app's importer, and prints one JSON
 * line: whether the graph is the case's own (layers, params, connections; not
 * the layout), what the importer reported, and the largest difference between
 * LayerLab's predictions with the imported weights and Keras' own.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { compileGraph } from '../src/engine/compile';
import type { Graph } from '../src/engine/graph';
import { graphStructure } from '../src/engine/interchange/graphStructure';
import { getTemplate } from '../src/engine/templates';
import { planTraining } from '../src/engine/trainingPlan';
import { importKerasBytes } from '../src/node/interchange/importKeras';
import { buildCompiledModel } from '../src/trainer/compileModel';
import { disposeModel } from '../src/trainer/disposeModel';
import { loadTf } from '../src/trainer/tfBackend';
import { applyModelWeights } from '../src/trainer/weights';
import { LAYER_KIND_GRAPHS } from '../test/interchange/layerKindGraphs';

interface Meta {
  id: string;
  inputs: { file: string; shape: number[] }[];
  outputs: { file: string; shape: number[] }[];
}

function floats(file: string): Float32Array {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The case's own graph, and the model the app builds for it: a template's through its training plan, a layer-kind graph's from its topology. */
function caseGraph(id: string): { graph: Graph; build: (tf: typeof TF, graph: Graph) => Promise<TF.LayersModel> } {
  const template = getTemplate(id);
  if (template) {
    return {
      graph: template.graph,
      build: async (tf, graph) => {
        const planned = planTraining(graph, template.training);
        if (!planned.ok) throw new Error(planned.issues.map((i) => i.message).join('; '));
        return (await buildCompiledModel(tf, planned.plan.modelTopology as unknown as Record<string, unknown>, planned.plan, template.training)).model;
      },
    };
  }
  const kinds = LAYER_KIND_GRAPHS.find((c) => c.id === id);
  if (!kinds) throw new Error(`unknown case '${id}'`);
  return {
    graph: kinds.graph,
    build: async (tf, graph) => {
      const compiled = compileGraph(graph);
      if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
      return tf.models.modelFromJSON({ modelTopology: compiled.modelTopology as never });
    },
  };
}

async function check(tf: typeof TF, dir: string) {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
  const own = path.join(dir, 'keras-own.h5');
  if (!existsSync(own)) return { id: meta.id, error: 'Keras did not save keras-own.h5' };
  const expected = caseGraph(meta.id);
  const imported = await importKerasBytes(new Uint8Array(readFileSync(own)), 'keras-own.h5');
  const sameGraph = isDeepStrictEqual(graphStructure(imported.graph), graphStructure(expected.graph));
  if (!imported.weights) return { id: meta.id, sameGraph, problems: imported.problems, error: 'no weights imported' };
  let model: TF.LayersModel;
  try {
    model = await expected.build(tf, imported.graph);
  } catch (err) {
    return { id: meta.id, sameGraph, problems: imported.problems, error: err instanceof Error ? err.message : String(err) };
  }
  try {
    applyModelWeights(tf, model, imported.weights);
    const xs = meta.inputs.map((a) => tf.tensor(floats(path.join(dir, a.file)), a.shape));
    const predicted = model.predict(xs, { batchSize: 32 });
    const outputs = Array.isArray(predicted) ? predicted : [predicted];
    let maxAbsDiff = 0;
    outputs.forEach((t, i) => {
      const ours = t.dataSync();
      const keras = floats(path.join(dir, `keras_output_${i}.bin`));
      for (let k = 0; k < keras.length; k++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ours[k]! - keras[k]!));
    });
    tf.dispose([...xs, ...outputs]);
    return { id: meta.id, sameGraph, problems: imported.problems, maxAbsDiff };
  } finally {
    disposeModel(model);
  }
}

async function main(): Promise<void> {
  // An environment variable, not a flag: tfjs-node's loader (node-pre-gyp) reads process.argv and takes --dir as its own.
  const dir = process.env.INTERCHANGE_CASE;
  if (!dir) throw new Error('usage: INTERCHANGE_CASE=DIR node --import tsx bench/interchangeImport.ts');
  const { tf } = await loadTf('native');
  console.log(JSON.stringify(await check(tf, path.resolve(dir))));
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  process.exitCode = 1;
});
