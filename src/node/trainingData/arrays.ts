import { findDataset, type DatasetSpec, type ImageDatasetSpec } from '../../engine/datasets';
import type { TextDatasetSpec } from '../../engine/textDatasets';
import type { TrainingPlan } from '../../engine/trainingPlan';
import { datasetStatus, ensureDataset, loadImageDataset, type DatasetDirs } from '../datasets';
import { textTaskSamples } from '../textData';

/**
 * One model input or target as plain numbers: row-major values of
 * `[count, ...shape]`. Arrays may share `values` (an autoencoder's pixels are
 * its input and its target); the trainer turns each into a tensor once.
 */
export interface HostArray {
  values: Float32Array;
  /** Batch first: `[count, ...]`. */
  shape: number[];
}

/**
 * Model inputs and targets of one split, in the model's input and output
 * order, exactly as LayerLab trains on them. Computed without tfjs, so the
 * trainer (as tensors) and the Python export (as a .npz) read the same numbers.
 */
export interface TrainingArrays {
  xs: HostArray[];
  ys: HostArray[];
  count: number;
  /**
   * The tutorial's generator batches as flattened [start, end) sample ranges,
   * in training order (text corpora only), already cut to `count`.
   */
  tutorialBatches?: Int32Array;
  /** Text corpora: id → word for the fields that hold word ids (layer images label probe samples with them). */
  words?: Readonly<Record<string, readonly string[]>>;
}

/** The model's input and output shapes (batch first), in model order. */
export interface ModelShapes {
  inputs: readonly (readonly (number | null)[])[];
  outputs: readonly (readonly (number | null)[])[];
}

export type PlanBindings = Pick<TrainingPlan, 'inputs' | 'outputs'>;

export interface LoadDataOptions {
  limit?: number;
  /** Text corpora: the first N lines (pairs); null or absent takes the dataset's default. */
  corpusLines?: number | null;
  /** The batch size of generators that form fixed-size batches (the encoder-decoder's). */
  batchSize?: number;
  onProgress?: (file: string, received: number, total: number | null) => void;
}

function batchFree(shape: readonly (number | null)[]): number[] {
  return shape.slice(1).map((d) => d ?? -1);
}

/**
 * The tutorial's image preprocessing: pixels scaled to [0, 1] (`X /= 255`) and
 * reshaped to each Input (784 for the MLP, 28×28×1 for a CNN); labels one-hot
 * encoded (`to_categorical`); the `image` target is the pixels again, shaped
 * like the output that learns it (the autoencoder's `fit(X, X)`).
 */
async function imageArrays(
  spec: ImageDatasetSpec,
  split: 'train' | 'test',
  bindings: PlanBindings,
  shapes: ModelShapes,
  dirs: DatasetDirs,
  options: LoadDataOptions,
): Promise<TrainingArrays> {
  const data = await loadImageDataset(spec, split, dirs, {
    download: true,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const sampleSize = data.rows * data.cols * data.channels;
  // float32(x / 255) is float32 division correctly rounded (double rounding is exact for division), as tfjs' div.
  const pixels = new Float32Array(data.count * sampleSize);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data.images[i]! / 255;
  const asImages = (layer: string, modelShape: readonly (number | null)[] | undefined, role: string): HostArray => {
    const shape = batchFree(modelShape ?? []);
    if (shape.reduce((a, b) => a * b, 1) !== sampleSize) {
      throw new Error(
        `${role} '${layer}' has ${shape.join('×')} values per sample but ${spec.title} images have ${sampleSize} (${data.rows}×${data.cols}×${data.channels})`,
      );
    }
    return { values: pixels, shape: [data.count, ...shape] };
  };
  const xs = bindings.inputs.map((input, i) => asImages(input.layer, shapes.inputs[i], 'Input'));
  let labels: HostArray | undefined;
  const ys = bindings.outputs.map((output, i) => {
    const target = spec.targets.find((t) => t.name === output.target);
    if (target?.encoding === 'values') return asImages(output.layer, shapes.outputs[i], 'Output');
    labels ??= oneHot(data.labels, data.count, spec.classNames.length);
    return labels;
  });
  return { xs, ys, count: data.count };
}

function oneHot(labels: ArrayLike<number>, count: number, classes: number): HostArray {
  const values = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) values[i * classes + labels[i]!] = 1;
  return { values, shape: [count, classes] };
}

async function textArrays(
  spec: TextDatasetSpec,
  split: 'train' | 'test',
  bindings: PlanBindings,
  dirs: DatasetDirs,
  options: LoadDataOptions,
): Promise<TrainingArrays> {
  await ensureDataset(spec, dirs, { download: true, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const file = datasetStatus(spec, dirs).files[0]?.path;
  if (!file) throw new Error(`${spec.title}: the corpus file could not be found after downloading it`);
  const samples = await textTaskSamples(spec, file, split, {
    corpusLines: options.corpusLines ?? null,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  });
  const count = options.limit === undefined ? samples.count : Math.min(options.limit, samples.count);
  const cache = new Map<string, HostArray>();
  // Outputs that learn the same target share one array, as the trainer shares one tensor.
  const once = (name: string, shape: readonly number[]): HostArray => {
    const existing = cache.get(name);
    if (existing) return existing;
    const values = samples.values[name];
    if (!values) throw new Error(`${spec.title} has no field '${name}'`);
    const width = shape.reduce((a, b) => a * b, 1);
    // Float32 holds every id exactly (vocabularies are far below 2^24), and Embedding casts back to ints.
    const array = { values: Float32Array.from(values.subarray(0, count * width)), shape: [count, ...shape] };
    cache.set(name, array);
    return array;
  };
  const field = (name: string) => spec.inputs.find((f) => f.name === name);
  const target = (name: string) => spec.targets.find((t) => t.name === name);
  const xs = bindings.inputs.map((b) => once(b.field, field(b.field)?.shape ?? []));
  // Sparse and binary targets are one number per sample.
  const ys = bindings.outputs.map((b) => {
    const t = target(b.target);
    return once(b.target, t?.encoding === 'one-hot' ? t.shape : [1]);
  });
  const tutorialBatches = samples.tutorialBatches ? batchesWithin(samples.tutorialBatches, count) : undefined;
  const words = Object.fromEntries(Object.entries(samples.vocabularies).map(([name, vocabulary]) => [name, vocabulary.words]));
  return { xs, ys, count, words, ...(tutorialBatches ? { tutorialBatches } : {}) };
}

/**
 * The tutorial's batches under a sample limit: those that lie within the
 * first `count` samples, and, cut at `count`, the one that crosses it. CBOW's
 * batches of a line overlap ([0,1), [0,2), …), so every later batch of that
 * line would be cut to the same range; it is kept once, not once per word.
 */
export function batchesWithin(batches: Int32Array, count: number): Int32Array {
  const kept: number[] = [];
  /** Starts of kept batches that end at `count`: a cut of a later batch to [start, count) would repeat them. */
  const cut = new Set<number>();
  for (let i = 0; i < batches.length; i += 2) {
    const start = batches[i]!;
    const end = batches[i + 1]!;
    if (end <= count) {
      kept.push(start, end);
      if (end === count) cut.add(start);
    } else if (start < count && !cut.has(start)) {
      cut.add(start);
      kept.push(start, count);
    }
  }
  return Int32Array.from(kept);
}

/** A dataset split as arrays for the plan's inputs and outputs, downloading what is missing. */
export async function loadTrainingArrays(
  datasetId: string,
  split: 'train' | 'test',
  bindings: PlanBindings,
  shapes: ModelShapes,
  dirs: DatasetDirs,
  options: LoadDataOptions = {},
): Promise<TrainingArrays> {
  const spec: DatasetSpec | undefined = findDataset(datasetId);
  if (!spec) throw new Error(`Unknown dataset '${datasetId}'`);
  return spec.kind === 'image' ? imageArrays(spec, split, bindings, shapes, dirs, options) : textArrays(spec, split, bindings, dirs, options);
}
