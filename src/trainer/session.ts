import type * as TF from '@tensorflow/tfjs';
import { WeightsStore } from '../node/weightsStore';
import type { PredictRequest, SessionRequest, TensorValues, TrainerMessage } from '../shared/trainerProtocol';
import { disposeModel } from './disposeModel';
import { buildCompiledModel } from './compileModel';
import { applyModelWeights } from './weights';

/**
 * The playground's inference session: one run's model with its trained
 * weights, kept in this process to answer `predict` requests until the host
 * disconnects. Building once saves the model build and weight load (most of
 * a second) on every word generated.
 */
export interface InferenceSession {
  predict(request: PredictRequest): TensorValues[];
  dispose(): void;
}

function shapeOf(values: TensorValues, where: string): number[] {
  const size = values.shape.reduce((a, b) => a * b, 1);
  if (size !== values.values.length) {
    throw new Error(`${where}: shape [${values.shape}] needs ${size} values, got ${values.values.length}`);
  }
  return values.shape;
}

/** Sub-models kept per session (they share the model's weights; each is a small graph). */
const MAX_PROBES = 8;

export async function openSession(tf: typeof TF, request: SessionRequest, send: (message: TrainerMessage) => void): Promise<InferenceSession> {
  const { model } = await buildCompiledModel(tf, request.modelTopology, request, request.settings);
  applyModelWeights(tf, model, await new WeightsStore(request.dirs.weightsDir).read(request.runId));
  // Sub-models that end at inner layers, by the requested layer names.
  const probes = new Map<string, TF.LayersModel>();
  const probe = (layers: readonly string[]): TF.LayersModel => {
    const key = layers.join('\n');
    let found = probes.get(key);
    if (!found) {
      const outputs = layers.map((name) => {
        const layer = model.layers.find((l) => l.name === name);
        if (!layer) throw new Error(`The model has no layer '${name}' (it has ${model.layers.map((l) => l.name).join(', ')})`);
        return layer.output as TF.SymbolicTensor;
      });
      found = tf.model({ inputs: model.inputs, outputs });
      // A handful of layer lists is all a playground asks for; a client asking for ever new ones cannot grow this without bound.
      if (probes.size >= MAX_PROBES) probes.delete(probes.keys().next().value!);
      probes.set(key, found);
    }
    return found;
  };
  send({ type: 'ready', inputShapes: model.inputs.map((t) => t.shape), outputShapes: model.outputs.map((t) => t.shape) });
  return {
    predict(predict) {
      if (predict.inputs.length !== model.inputs.length) {
        throw new Error(`The model has ${model.inputs.length} inputs but ${predict.inputs.length} were given`);
      }
      const target = predict.layers ? probe(predict.layers) : model;
      return tf.tidy(() => {
        const xs = predict.inputs.map((input, i) => tf.tensor(input.values, shapeOf(input, `input ${i + 1}`), 'float32'));
        const result = target.predict(xs.length === 1 ? xs[0]! : xs);
        const list = Array.isArray(result) ? result : [result];
        return list.map((t) => ({ shape: [...t.shape], values: t.dataSync() as Float32Array<ArrayBuffer> }));
      });
    },
    dispose() {
      disposeModel(model);
    },
  };
}
