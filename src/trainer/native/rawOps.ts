import type * as TF from '@tensorflow/tfjs';

/**
 * TensorFlow ops by name through tfjs-node's binding (`executeOp`), for what
 * tfjs has no kernel for or runs as many small kernels: fused recurrent cells,
 * `ResourceApply*` optimizers, `SoftmaxCrossEntropyWithLogits`, the backprop
 * ops of a raw training step. Outputs are ordinary tfjs tensors (tracked by
 * `tidy`, disposable), but they are not recorded on the gradient tape: wrap a
 * forward in `tf.customGrad` to make it differentiable.
 */

/** The parts of the tfjs-node backend this module uses; not in tfjs' public types. */
interface NativeBinding {
  executeOp(name: string, attrs: OpAttr[], inputs: number[], outputs: number): TensorMetadata[];
  createTensor(shape: number[], dtype: number, values: Int32Array | Float32Array | Uint8Array): number;
  TF_ATTR_TYPE: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_INT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_SHAPE: number;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_BOOL: number;
}
type TensorMetadata = unknown;
interface NodeBackend {
  binding: NativeBinding;
  getInputTensorIds(tensors: TF.Tensor[]): number[];
  createOutputTensor(metadata: TensorMetadata): TF.Tensor;
}

export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** An input: a tfjs tensor, or a raw handle id made by `int64Scalar`. */
export type OpInput = TF.Tensor | number;

export type DType = 'float32' | 'int32' | 'int64' | 'bool';

export interface RawOps {
  readonly tf: typeof TF;
  /** Runs one TensorFlow op eagerly; returns its `outputs` results. */
  exec(name: string, attrs: OpAttr[], inputs: OpInput[], outputs: number): TF.Tensor[];
  /** One op with one result and the usual `T: float32` attribute unless `attrs` says otherwise. */
  op(name: string, inputs: OpInput[], attrs?: OpAttr[]): TF.Tensor;
  /** Ops with no result (`AssignVariableOp`, `ResourceApply*`). */
  run(name: string, attrs: OpAttr[], inputs: OpInput[]): void;
  attr: {
    type(name: string, dtype?: DType): OpAttr;
    float(name: string, value: number): OpAttr;
    bool(name: string, value: boolean): OpAttr;
    int(name: string, value: number): OpAttr;
    /** A list of ints (strides, ksize): the binding takes an array under the int type. */
    ints(name: string, values: number[]): OpAttr;
    string(name: string, value: string): OpAttr;
    shape(name: string, value: number[]): OpAttr;
  };
  /** The `T: float32` attribute most ops take. */
  readonly T: OpAttr[];
  /** A TF int64 scalar as a raw handle (tfjs has no int64 tensors); made once, never freed. */
  int64Scalar(value: number): number;
}

const cache = new WeakMap<object, RawOps | null>();

/** Raw ops for this tfjs instance, or null when it does not train on native TensorFlow. */
export function rawOps(tf: typeof TF): RawOps | null {
  const backend = tf.getBackend() === 'tensorflow' ? (tf.backend() as unknown as NodeBackend) : null;
  if (!backend || typeof backend.binding?.executeOp !== 'function') return null;
  let ops = cache.get(backend);
  if (ops === undefined) {
    ops = makeRawOps(tf, backend);
    cache.set(backend, ops);
  }
  return ops;
}

/** Like `rawOps`, for code that only runs on native TensorFlow. */
export function requireRawOps(tf: typeof TF): RawOps {
  const ops = rawOps(tf);
  if (!ops) throw new Error(`Raw TensorFlow ops need the native backend, not '${tf.getBackend()}'`);
  return ops;
}

function makeRawOps(tf: typeof TF, backend: NodeBackend): RawOps {
  const B = backend.binding;
  const dtypeCode = (dtype: DType) => ({ float32: B.TF_FLOAT, int32: B.TF_INT32, int64: B.TF_INT64, bool: B.TF_BOOL })[dtype];
  const ids = (inputs: OpInput[]) => {
    const out = new Array<number>(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      out[i] = typeof input === 'number' ? input : backend.getInputTensorIds([input])[0]!;
    }
    return out;
  };
  // `backend.binding` is read at each call, not captured: `countNativeOps` swaps it for a counting one.
  const exec = (name: string, attrs: OpAttr[], inputs: OpInput[], outputs: number) => {
    const metadata = backend.binding.executeOp(name, attrs, ids(inputs), outputs);
    const result = new Array<TF.Tensor>(metadata.length);
    for (let i = 0; i < metadata.length; i++) result[i] = backend.createOutputTensor(metadata[i]);
    return result;
  };
  const attr = {
    type: (name: string, dtype: DType = 'float32') => ({ name, type: B.TF_ATTR_TYPE, value: dtypeCode(dtype) }),
    float: (name: string, value: number) => ({ name, type: B.TF_ATTR_FLOAT, value }),
    bool: (name: string, value: boolean) => ({ name, type: B.TF_ATTR_BOOL, value }),
    int: (name: string, value: number) => ({ name, type: B.TF_ATTR_INT, value }),
    ints: (name: string, values: number[]) => ({ name, type: B.TF_ATTR_INT, value: values }),
    string: (name: string, value: string) => ({ name, type: B.TF_ATTR_STRING, value }),
    shape: (name: string, value: number[]) => ({ name, type: B.TF_ATTR_SHAPE, value }),
  };
  const T = [attr.type('T')];
  const int64 = new Map<number, number>();
  return {
    tf,
    exec,
    op: (name, inputs, attrs = T) => exec(name, attrs, inputs, 1)[0]!,
    run: (name, attrs, inputs) => void backend.binding.executeOp(name, attrs, ids(inputs), 0),
    attr,
    T,
    int64Scalar(value) {
      let handle = int64.get(value);
      if (handle === undefined) {
        // Little-endian int64 from two int32 words; values here are sequence lengths.
        handle = B.createTensor([], B.TF_INT64, new Int32Array([value, 0]));
        int64.set(value, handle);
      }
      return handle;
    },
  };
}

/** Counts the native ops `fn` runs (tfjs kernels and raw ops alike): for tests and benchmarks. */
export function countNativeOps<R>(tf: typeof TF, fn: () => R): { result: R; ops: number; byName: Map<string, number> } {
  const backend = tf.backend() as unknown as NodeBackend;
  const original = backend.binding;
  const byName = new Map<string, number>();
  let ops = 0;
  const executeOp: NativeBinding['executeOp'] = (name, attrs, inputs, outputs) => {
    ops += 1;
    byName.set(name, (byName.get(name) ?? 0) + 1);
    return original.executeOp(name, attrs, inputs, outputs);
  };
  // The addon's functions are read-only properties, which an inheriting object cannot assign over: define it.
  const counting = Object.create(original, { executeOp: { value: executeOp } }) as NativeBinding;
  backend.binding = counting;
  try {
    return { result: fn(), ops, byName };
  } finally {
    backend.binding = original;
  }
}

export interface OpProfileEntry {
  op: string;
  calls: number;
  ms: number;
}

/**
 * Times every native op from now until the returned `stop` (tfjs kernels and
 * raw ops alike; eager ops run synchronously, so a call's wall time is the
 * op's): for `bench/layerlab.ts train --profile-ops`. Ops sorted by total time.
 */
export function profileNativeOps(tf: typeof TF): { stop(): OpProfileEntry[] } {
  const backend = tf.backend() as unknown as NodeBackend;
  const original = backend.binding;
  const byName = new Map<string, OpProfileEntry>();
  const executeOp: NativeBinding['executeOp'] = (name, attrs, inputs, outputs) => {
    const started = performance.now();
    const result = original.executeOp(name, attrs, inputs, outputs);
    const entry = byName.get(name) ?? { op: name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += performance.now() - started;
    byName.set(name, entry);
    return result;
  };
  backend.binding = Object.create(original, { executeOp: { value: executeOp } }) as NativeBinding;
  return {
    stop() {
      backend.binding = original;
      return [...byName.values()].sort((a, b) => b.ms - a.ms);
    },
  };
}
