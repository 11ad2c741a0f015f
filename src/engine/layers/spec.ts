import type { z } from 'zod';
import type { Shape } from '../shape';

export type LayerCategory =
  | 'Core'
  | 'Input'
  | 'Activation'
  | 'Regularization'
  | 'Reshaping'
  | 'Convolution'
  | 'Pooling'
  | 'Normalization'
  | 'Embedding'
  | 'Recurrent'
  | 'Merge';

export type ShapeResult = { ok: true; shape: Shape } | { ok: false; message: string };

/** A Keras layer as it appears in `model_config.config.layers[i]` (without inbound nodes). */
export interface KerasLayerConfig {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * Everything LayerLab knows about one layer kind. The palette, the inspector,
 * the validator and the compiler all read this one object.
 */
export interface LayerSpec<P extends Record<string, unknown> = Record<string, unknown>> {
  kind: string;
  category: LayerCategory;
  description: string;
  /** Default Keras name prefix, e.g. `dense` gives `dense_1`. */
  namePrefix: string;
  /** zod schema with defaults; `.meta({ title })` on fields labels them in the inspector. */
  params: z.ZodType<P>;
  /** Number of incoming edges the layer accepts. Input layers take 0. */
  arity: { min: number; max: number };
  inferShape(inputs: readonly Shape[], params: P): ShapeResult;
  /**
   * The layer's Keras config. `inputs` are the incoming shapes when known
   * (compileGraph passes them), for configs that depend on them.
   */
  toKeras(params: P, name: string, inputs?: readonly Shape[]): KerasLayerConfig;
  /**
   * The inverse of `toKeras` for the importer (src/engine/interchange/fromKeras*.ts):
   * raw params from a Keras 2/3 config (Keras 1 names are renamed before).
   * Absent means the params are the config's keys of the same names.
   * The result is checked with `params`, so it may be loose.
   */
  fromKeras?(config: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * The importer's last pass, once input shapes are known: params in the form
   * LayerLab writes them, where Keras saved an equivalent one (TF 2 saves a
   * BatchNormalization's axis -1 as the positive index of the last axis).
   */
  canonicalParams?(params: P, inputs: readonly Shape[]): P;
  /**
   * Keras weight names the layer creates, in tfjs' order (e.g. `kernel`,
   * `bias`); `nonTrainable` ones follow every layer's trainable ones in a
   * model's `weights`. Absent means no weights.
   */
  kerasWeights?(params: P): { trainable: string[]; nonTrainable?: string[] };
  /**
   * Where Keras 2 keeps the layer's weights when an inner object owns them:
   * `legacy`, the name scope in HDF5 weight names (`gru_1/gru_cell/kernel:0`),
   * null when the names carry none; `attribute`, the inner object's group in
   * a `.keras` file (`layers/gru/cell/vars/0`). Absent: the layer owns them.
   */
  kerasWeightOwner?: { legacy: string | null; attribute: string };
  /**
   * Number of weights (trainable or not) the layer creates for these input
   * shapes, as tfjs' `countParams()` counts them. Absent means none. Only
   * called with shapes `inferShape` accepted.
   */
  paramCount?(inputs: readonly Shape[], params: P): number;
  /**
   * Estimated forward-pass floating-point operations for ONE sample, given
   * input and output shapes `inferShape` accepted. Absent means none worth
   * counting (pure data movement: Input, Reshape, Flatten, Dropout,
   * RepeatVector, Concatenate, Embedding's lookup).
   *
   * The convention, shared by every layer:
   * - a multiply-add counts as 2 FLOPs (so a matmul of m×k by k×n is 2·m·k·n);
   * - a bias add counts 1 per output value;
   * - activation functions fused into a layer (Dense's `relu`, a GRU's gates'
   *   sigmoid and tanh, the gate products) are not counted; a standalone
   *   Activation layer counts 1 per value;
   * - pooling counts 1 per value in each window (compare or add), so a
   *   window of k values costs k per output value;
   * - element-wise layers count 1 per value and operation: Add is
   *   values·(inputs − 1), BatchNormalization at inference 2 per value (scale
   *   and shift);
   * - recurrent layers count their gate matmuls and biases per step, times
   *   the steps.
   * NaN means a needed dimension is unknown; the summary reports it as null.
   */
  flops?(inputs: readonly Shape[], output: Shape, params: P): number;
  /**
   * Backend kernels one training step launches for this layer, forward and
   * backward, whatever the batch size. Absent means `DEFAULT_KERNEL_CALLS`.
   * On a native backend each launch costs tens of microseconds, so a
   * recurrent layer unrolled into a few hundred kernels per time step is
   * bound by them, not by its FLOPs; time estimates add both.
   */
  kernelCalls?(inputs: readonly Shape[], params: P): number;
  /**
   * True where the layer's kernels are big enough to gain from TensorFlow's
   * intra-op thread pool even on a 2-CPU machine (convolutions). On such a
   * machine a model without any trains with one intra-op thread: its many
   * small kernels lose more to handing work between threads than they gain
   * (measured in docs/training-speed.md).
   */
  threadedKernels?: boolean;
}

/** A layer's forward and backward kernels when its spec does not say: a few ops each way. */
export const DEFAULT_KERNEL_CALLS = 8;
/** Keras' Adadelta in tfjs ops: about 16 kernels per weight tensor, two tensors (kernel and bias) per layer. */
export const OPTIMIZER_KERNEL_CALLS_PER_LAYER = 32;

export function ok(shape: Shape): ShapeResult {
  return { ok: true, shape };
}

export function fail(message: string): ShapeResult {
  return { ok: false, message };
}
