import type * as TF from '@tensorflow/tfjs';
import { DEFAULT_PROBE_SAMPLES, type TrainingSettings } from '../engine/training';
import { quantize, type ActivationsSnapshot, type LayerActivations } from '../shared/activations';
import type { PlanBindings, TensorData } from './data';

/**
 * Layer images: the outputs of every layer for a few fixed training samples
 * (the tutorial draws its first 10), from one extra model that shares the
 * trained model's layers and weights, so a snapshot costs one small predict.
 */

/** A layer's outputs are cut to this many values (fewer samples) so a vocabulary-wide softmax over a sequence stays small. */
const MAX_VALUES_PER_LAYER = 1 << 21;

/** The training-set indices to probe: the chosen ones that exist, else the first 10. */
export function probeIndices(chosen: readonly number[] | null, count: number): number[] {
  const wanted = chosen ?? Array.from({ length: DEFAULT_PROBE_SAMPLES }, (_, i) => i);
  return [...new Set(wanted)].filter((i) => i < count);
}

interface Probed {
  name: string;
  kind: string;
}

export class LayerProbe {
  private constructor(
    private readonly tf: typeof TF,
    private readonly probeModel: TF.LayersModel | null,
    private readonly inputs: Probed[],
    private readonly layers: Probed[],
    private readonly xs: TF.Tensor[],
    private readonly samples: number[],
    private readonly words: ActivationsSnapshot['words'],
  ) {}

  /**
   * `data` holds the training samples in the model's input order. Layers
   * whose output cannot be named alone (a layer used twice) are left out.
   * Returns null when there is no sample to probe.
   */
  static create(tf: typeof TF, model: TF.LayersModel, data: Pick<TensorData, 'xs' | 'count' | 'words'>, bindings: Pick<PlanBindings, 'inputs'>, chosen: readonly number[] | null): LayerProbe | null {
    const samples = probeIndices(chosen, data.count);
    if (samples.length === 0) return null;
    const layers: Probed[] = [];
    const outputs: TF.SymbolicTensor[] = [];
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      try {
        const output = layer.output;
        outputs.push(Array.isArray(output) ? output[0]! : output);
        layers.push({ name: layer.name, kind: layer.getClassName() });
      } catch {
        // Several inbound nodes: no single output to show.
      }
    }
    const probeModel = outputs.length > 0 ? tf.model({ inputs: model.inputs, outputs }) : null;
    const indices = tf.tensor1d(samples, 'int32');
    const xs = data.xs.map((x) => tf.gather(x, indices));
    indices.dispose();
    const inputs = model.inputLayers.map((layer) => ({ name: layer.name, kind: 'Input' }));
    const words: ActivationsSnapshot['words'] = {};
    bindings.inputs.forEach((binding, i) => {
      const vocabulary = data.words?.[binding.field];
      const x = xs[i];
      if (!vocabulary || !x) return;
      const ids = x.dataSync();
      const width = ids.length / samples.length;
      words[binding.layer] = samples.map((_, s) => Array.from(ids.subarray(s * width, (s + 1) * width), (id) => vocabulary[id] ?? '?'));
    });
    return new LayerProbe(tf, probeModel, inputs, layers, xs, samples, words);
  }

  get sampleIndices(): readonly number[] {
    return this.samples;
  }

  snapshot(epoch: number, step: number): ActivationsSnapshot {
    const { tf } = this;
    const predicted = this.probeModel ? this.probeModel.predict(this.xs, { batchSize: this.samples.length }) : [];
    const outputs = Array.isArray(predicted) ? predicted : [predicted];
    try {
      const layers = [
        ...this.inputs.map((probed, i) => encodeLayer(probed, this.xs[i]!)),
        ...this.layers.map((probed, i) => encodeLayer(probed, outputs[i]!)),
      ];
      return { epoch, step, samples: this.samples, words: this.words, layers };
    } finally {
      tf.dispose(outputs);
    }
  }

  dispose(): void {
    this.tf.dispose(this.xs);
    // The probe model shares the trained model's layers: disposing it would free their weights.
  }
}

function encodeLayer(probed: Probed, tensor: TF.Tensor): LayerActivations {
  const shape = [...tensor.shape];
  const perSample = shape.slice(1).reduce((a, b) => a * b, 1);
  const keep = Math.max(1, Math.min(shape[0] ?? 0, Math.floor(MAX_VALUES_PER_LAYER / Math.max(1, perSample))));
  const all = tensor.dataSync() as Float32Array;
  const values = keep < (shape[0] ?? 0) ? all.subarray(0, keep * perSample) : all;
  const { min, max, data } = quantize(values instanceof Float32Array ? values : Float32Array.from(values));
  return { layer: probed.name, kind: probed.kind, shape: [Math.min(keep, shape[0] ?? 0), ...shape.slice(1)], min, max, data };
}

/**
 * When to take a snapshot: every `every` batches (0: only at epoch ends), at
 * most a few a second, and never so often that probing takes more than ~2%
 * of the time (it waits 50× as long as the last snapshot took).
 */
export class SnapshotSchedule {
  private last = Number.NEGATIVE_INFINITY;
  private cost = 0;

  constructor(
    private readonly every: number,
    private readonly minIntervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private due(): boolean {
    return this.now() - this.last >= Math.max(this.minIntervalMs, 50 * this.cost);
  }

  afterBatch(step: number): boolean {
    return this.every > 0 && step % this.every === 0 && this.due();
  }

  /** Every epoch end gets its snapshot, as the issue and the tutorial's per-epoch pictures ask: epochs are never many a second. */
  afterEpoch(): boolean {
    return true;
  }

  /** Runs `take` and remembers when and how long it took. */
  measure<T>(take: () => T): T {
    const started = this.now();
    try {
      return take();
    } finally {
      this.last = this.now();
      this.cost = this.last - started;
    }
  }
}

/** Layer images during training: a probe and its schedule, sending each snapshot as it is taken. */
export class LayerImageFeed {
  private lastStep = -1;

  constructor(
    private readonly probe: LayerProbe,
    private readonly schedule: SnapshotSchedule,
    private readonly emit: (snapshot: ActivationsSnapshot) => void,
  ) {}

  afterBatch(epoch: number, step: number): void {
    if (this.schedule.afterBatch(step)) this.take(epoch, step);
  }

  afterEpoch(epoch: number, step: number): void {
    if (step !== this.lastStep && this.schedule.afterEpoch()) this.take(epoch, step);
  }

  /** The trained weights' images, unless the last snapshot already showed them. */
  finish(epoch: number, step: number): void {
    if (step !== this.lastStep) this.take(epoch, step);
    this.probe.dispose();
  }

  private take(epoch: number, step: number): void {
    const snapshot = this.schedule.measure(() => this.probe.snapshot(epoch, step));
    this.lastStep = step;
    this.emit(snapshot);
  }
}

/** The feed the settings ask for, or null when layer images are off or nothing can be probed. */
export function layerImageFeed(
  tf: typeof TF,
  model: TF.LayersModel,
  data: Pick<TensorData, 'xs' | 'count' | 'words'>,
  bindings: Pick<PlanBindings, 'inputs'>,
  settings: Pick<TrainingSettings, 'imageEvery' | 'probeSamples'>,
  emit: (snapshot: ActivationsSnapshot) => void,
): LayerImageFeed | null {
  if (settings.imageEvery === null) return null;
  const probe = LayerProbe.create(tf, model, data, bindings, settings.probeSamples);
  return probe ? new LayerImageFeed(probe, new SnapshotSchedule(settings.imageEvery), emit) : null;
}
