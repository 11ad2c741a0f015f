import type * as TF from '@tensorflow/tfjs';
import { DEFAULT_PROBE_SAMPLES } from '../engine/training';
import { WeightsStore } from '../node/weightsStore';
import type { BackendInfo } from '../shared/contract';
import type { ActivationsRequest, TrainerMessage } from '../shared/trainerProtocol';
import { emitEvent } from './telemetry';
import { sendStatus } from './train';
import { LayerProbe } from './activations';
import { buildCompiledModel } from './compileModel';
import { disposeData, loadTrainingData } from './data';
import { applyModelWeights } from './weights';

/**
 * Layer images of a saved run: its weights on its probe samples, the same
 * snapshot training sends, for runs trained before or elsewhere.
 */
export async function runActivations(
  tf: typeof TF,
  request: ActivationsRequest,
  send: (message: TrainerMessage) => void,
  backend: BackendInfo | null,
): Promise<void> {
  const { settings } = request;
  const { model } = await buildCompiledModel(tf, request.modelTopology, request, settings);
  try {
    applyModelWeights(tf, model, await new WeightsStore(request.dirs.weightsDir).read(request.runId));
    sendStatus({ send, backend }, request.runId, 'loading-data', `Loading ${settings.dataset} for layer images`);
    // Only the samples up to the last probed one are needed.
    const chosen = settings.probeSamples;
    const limit = Math.max(...(chosen ?? [DEFAULT_PROBE_SAMPLES - 1])) + 1;
    const data = await loadTrainingData(
      tf,
      settings.dataset,
      'train',
      request,
      { inputs: model.inputs.map((t) => t.shape), outputs: model.outputs.map((t) => t.shape) },
      request.dirs,
      { limit, corpusLines: settings.corpusLines },
    );
    try {
      const probe = LayerProbe.create(tf, model, data, request, chosen);
      if (!probe) throw new Error(`${settings.dataset} has no training sample to draw layer images for`);
      try {
        emitEvent(send, { event: 'training.activations', payload: { runId: request.runId, ...probe.snapshot(0, 0) } });
      } finally {
        probe.dispose();
      }
    } finally {
      disposeData(tf, data);
    }
  } finally {
    model.dispose();
  }
}
