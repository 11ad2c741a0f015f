import * as cpuTf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph, type KerasModelTopology } from '../../src/engine/compile';
import type { Graph } from '../../src/engine/graph';
import { graphStructure } from '../../src/engine/interchange/graphStructure';
import type { StoredWeights } from '../../src/engine/project/weights';
import { TEMPLATES } from '../../src/engine/templates';
import { importKerasBytes, type KerasImport } from '../../src/node/interchange/importKeras';
import { kerasExportBytes } from '../../src/node/interchange/kerasExport';
import { applyModelWeights, readModelWeights } from '../../src/trainer/weights';
import { loadNativeTf } from '../nativeBackend';
import { LAYER_KIND_GRAPHS, uncoveredLayerKinds } from './layerKindGraphs';
import { randomizeWeights, seededRandom } from './randomWeights';
import { sampleInputs } from './sampleInputs';

// tfjs-node where it loads (CI builds it): the templates' orthogonal initializers take a minute on the JS CPU backend.
const tf = loadNativeTf().tf ?? cpuTf;

beforeAll(async () => {
  await tf.ready();
});

/** Weight values by name: a round trip must give every tensor back bit for bit, wherever tfjs orders it. */
function weightsByName(weights: StoredWeights): Map<string, { shape: number[]; values: number[] }> {
  const floats = new Float32Array(weights.data.slice().buffer);
  const out = new Map<string, { shape: number[]; values: number[] }>();
  let offset = 0;
  for (const spec of weights.specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    out.set(spec.name, { shape: spec.shape, values: Array.from(floats.subarray(offset, offset + size)) });
    offset += size;
  }
  return out;
}

async function modelOf(graph: Graph): Promise<{ model: cpuTf.LayersModel; topology: KerasModelTopology }> {
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error(`does not compile: ${compiled.issues.map((i) => i.message).join('; ')}`);
  return { model: await tf.models.modelFromJSON({ modelTopology: compiled.modelTopology as never }), topology: compiled.modelTopology };
}

function predict(model: cpuTf.LayersModel, inputs: { values: Float32Array; shape: number[] }[]): Float32Array[] {
  return tf.tidy(() => {
    const out = model.predict(inputs.map((x) => tf.tensor(x.values, x.shape)));
    return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
  });
}

const maxAbsDiff = (a: Float32Array[], b: Float32Array[]) => Math.max(...a.map((x, i) => Math.max(...x.map((v, k) => Math.abs(v - b[i]![k]!)))));

const CASES = [...TEMPLATES.map((t) => ({ id: t.id, graph: t.graph })), ...LAYER_KIND_GRAPHS];

it('the layer-kind graphs use every layer kind LayerLab has', () => {
  expect(uncoveredLayerKinds()).toEqual([]);
});

describe.each(CASES)('LayerLab → Keras → LayerLab: $id', ({ id, graph }) => {
  it('gives the same graph, weights and outputs from a full .h5, a .keras and JSON + weights .h5', { timeout: 180_000 }, async () => {
    const { model, topology } = await modelOf(graph);
    try {
      randomizeWeights(tf, model, seededRandom(id.length));
      const exported = readModelWeights(model);
      const inputs = sampleInputs(topology, model, 8, seededRandom(7));
      const expected = predict(model, inputs);
      const fullModel = await importKerasBytes(await kerasExportBytes('model-h5', topology, exported), `${id}.h5`);
      const zipped = await importKerasBytes(await kerasExportBytes('model-keras', topology, exported), `${id}.keras`);
      const pair = await importKerasBytes(await kerasExportBytes('json', topology, exported), `${id}.json`, {
        bytes: await kerasExportBytes('weights-h5', topology, exported),
        fileName: `${id}-weights.h5`,
      });
      for (const imported of [fullModel, zipped, pair] satisfies KerasImport[]) {
        expect(imported.problems).toEqual([]);
        expect(graphStructure(imported.graph)).toEqual(graphStructure(graph));
        expect(weightsByName(imported.weights!)).toEqual(weightsByName(exported));
        const back = await modelOf(imported.graph);
        try {
          applyModelWeights(tf, back.model, imported.weights!);
          expect(maxAbsDiff(predict(back.model, inputs), expected)).toBeLessThanOrEqual(1e-6);
        } finally {
          back.model.dispose();
        }
      }
    } finally {
      model.dispose();
    }
  });
});
