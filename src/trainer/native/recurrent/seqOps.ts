import type * as TF from '@tensorflow/tfjs';
import type { OpAttr, RawOps } from '../rawOps';

/**
 * The handful of TensorFlow ops the recurrent loops run, by name, with their
 * attribute lists and constant inputs made once. Every call is one native op
 * (`countNativeOps` counts them); results are tfjs tensors off the gradient
 * tape, so each loop runs inside a `tf.customGrad`.
 */
export interface SeqOps {
  readonly tf: typeof TF;
  readonly raw: RawOps;
  matMul(a: TF.Tensor, b: TF.Tensor, transposeB?: boolean): TF.Tensor;
  add(a: TF.Tensor, b: TF.Tensor): TF.Tensor;
  sub(a: TF.Tensor, b: TF.Tensor): TF.Tensor;
  mul(a: TF.Tensor, b: TF.Tensor): TF.Tensor;
  /** A one-input op with the `T` attribute: `Tanh`, `Sigmoid`, `Relu`. */
  unary(name: string, x: TF.Tensor): TF.Tensor;
  /** `ClipByValue(x, 0, 1)`. */
  clip01(x: TF.Tensor): TF.Tensor;
  /** `x` split along its last axis (rank 2) into pieces of these widths. */
  splitColumns(x: TF.Tensor, widths: readonly number[]): TF.Tensor[];
  /** Joins rank-2 tensors along their last axis. */
  concatColumns(parts: TF.Tensor[]): TF.Tensor;
  /** The `count` slices of `x` along axis 0. */
  unstack(x: TF.Tensor, count: number): TF.Tensor[];
  /** Stacks equally shaped tensors on a new axis 0. */
  stack(parts: TF.Tensor[]): TF.Tensor;
}

const cache = new WeakMap<RawOps, SeqOps>();

export function seqOps(raw: RawOps): SeqOps {
  let ops = cache.get(raw);
  if (!ops) {
    ops = makeSeqOps(raw);
    cache.set(raw, ops);
  }
  return ops;
}

/** Memoises attribute lists and constant tensors by a key (kept for the process' life). */
function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const values = new Map<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      value = make(key);
      values.set(key, value);
    }
    return value;
  };
}

function makeSeqOps(raw: RawOps): SeqOps {
  const { tf, attr, T } = raw;
  const one = (name: string, inputs: Array<TF.Tensor | number>, attrs: OpAttr[] = T) => raw.exec(name, attrs, inputs, 1)[0]!;
  const matMulAttrs = memo((transposeB: boolean) => [...T, attr.bool('transpose_a', false), attr.bool('transpose_b', transposeB)]);
  // 'f:0' a float32 scalar, 'i:1' an int32 scalar, 'v:20,20' an int32 vector.
  const constant = memo((key: string) => {
    const [kind, text] = key.split(':') as [string, string];
    const values = text.split(',').map(Number);
    if (kind === 'v') return tf.keep(tf.tensor1d(values, 'int32'));
    return tf.keep(tf.scalar(values[0]!, kind === 'f' ? 'float32' : 'int32'));
  });
  const splitAttrs = memo((count: number) => [...T, attr.int('num_split', count), attr.type('Tlen', 'int32')]);
  const concatAttrs = memo((count: number) => [...T, attr.int('N', count), attr.type('Tidx', 'int32')]);
  const unpackAttrs = memo((count: number) => [...T, attr.int('num', count), attr.int('axis', 0)]);
  const packAttrs = memo((count: number) => [...T, attr.int('N', count), attr.int('axis', 0)]);
  return {
    tf,
    raw,
    matMul: (a, b, transposeB = false) => one('MatMul', [a, b], matMulAttrs(transposeB)),
    add: (a, b) => one('AddV2', [a, b]),
    sub: (a, b) => one('Sub', [a, b]),
    mul: (a, b) => one('Mul', [a, b]),
    unary: (name, x) => one(name, [x]),
    clip01: (x) => one('ClipByValue', [x, constant('f:0'), constant('f:1')]),
    splitColumns: (x, widths) =>
      raw.exec('SplitV', splitAttrs(widths.length), [x, constant(`v:${widths.join(',')}`), constant('i:1')], widths.length),
    concatColumns: (parts) => one('ConcatV2', [...parts, constant('i:1')], concatAttrs(parts.length)),
    unstack: (x, count) => raw.exec('Unpack', unpackAttrs(count), [x], count),
    stack: (parts) => one('Pack', parts, packAttrs(parts.length)),
  };
}
