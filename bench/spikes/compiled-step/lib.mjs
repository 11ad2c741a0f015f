// Spike: the mlp-mnist training step as ONE TensorFlow function, registered with
// TFE_ContextAddFunctionDef and run by name through tfjs-node's executeOp.
//
// Needs a tfjs-node whose addon has the `addFunctionDef` patch (binding.patch next to this file),
// by default the throwaway build in /tmp/h5 (set H5=/path/to/clone to use another).
// This file: a small protobuf writer, a FunctionDef builder for the step, the same step as eager
// raw ops (what src/trainer/native/rawStep + the fused Adadelta run), resource variables.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TextEncoder } from 'node:util';
import zlib from 'node:zlib';

export const H5 = process.env.H5 || '/tmp/h5';
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
export const requireH5 = createRequire(path.join(H5, 'package.json'));

export function loadTf() {
  const tf = requireH5('@tensorflow/tfjs-node');
  const backend = tf.backend();
  const B = backend.binding;
  if (typeof B.addFunctionDef !== 'function') {
    throw new Error(`${H5}'s tfjs-node has no addFunctionDef: apply binding.patch and rebuild the addon`);
  }
  return { tf, backend, B };
}

// ---------------------------------------------------------------------------------------------
// Protobuf wire format, just what FunctionDef needs (proto3; no packed-ness subtleties beyond ints).
class Pb {
  constructor() { this.parts = []; this.length = 0; }
  push(u8) { this.parts.push(u8); this.length += u8.length; return this; }
  varint(v) {
    let n = BigInt.asUintN(64, BigInt(v));
    const out = [];
    do { let b = Number(n & 0x7fn); n >>= 7n; if (n) b |= 0x80; out.push(b); } while (n);
    return this.push(Uint8Array.from(out));
  }
  tag(field, wire) { return this.varint((field << 3) | wire); }
  int(field, v) { return this.tag(field, 0).varint(v); }
  bool(field, v) { return v ? this.int(field, 1) : this; }
  float(field, v) { const b = new Uint8Array(4); new DataView(b.buffer).setFloat32(0, v, true); return this.tag(field, 5).push(b); }
  bytes(field, u8) { return this.tag(field, 2).varint(u8.length).push(u8); }
  string(field, s) { return this.bytes(field, new TextEncoder().encode(s)); }
  msg(field, pb) { return this.bytes(field, pb.finish()); }
  packedInts(field, values) { const p = new Pb(); for (const v of values) p.varint(v); return this.bytes(field, p.finish()); }
  finish() {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) { out.set(p, o); o += p.length; }
    return out;
  }
}
const mapEntry = (key, value /* Pb */) => new Pb().string(1, key).msg(2, value);
const mapEntryStr = (key, value) => new Pb().string(1, key).string(2, value);

// tensorflow/core/framework/types.proto
export const DT = { float: 1, int32: 3, int64: 9, bool: 10, resource: 20 };

// attr_value.proto: AttrValue { list=1 s=2 i=3 f=4 b=5 type=6 shape=7 tensor=8 }
const shapeProto = (dims) => { const p = new Pb(); for (const d of dims) p.msg(2, new Pb().int(1, d)); return p; };
export const A = {
  type: (dt) => new Pb().int(6, dt),
  int: (v) => new Pb().int(3, v),
  float: (v) => new Pb().float(4, v),
  bool: (v) => new Pb().tag(5, 0).varint(v ? 1 : 0),
  str: (s) => new Pb().string(2, s),
  shape: (dims) => new Pb().msg(7, shapeProto(dims)),
  ints: (values) => new Pb().msg(1, new Pb().packedInts(3, values)),
  // TensorProto { dtype=1 tensor_shape=2 tensor_content=4 }
  tensor: (dt, dims, typed) => new Pb().msg(8, new Pb().int(1, dt).msg(2, shapeProto(dims))
    .bytes(4, new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength))),
};

/**
 * A FunctionDef being written: `node(op, inputs, attrs)` adds a NodeDef and returns its name; an
 * input is a function argument ("x"), a node output ("matmul_3:product:0") or a control input ("^n").
 */
export class FunctionDefBuilder {
  constructor(name) { this.name = name; this.inputs = []; this.outputs = []; this.nodes = []; this.rets = []; this.controlRets = []; this.count = 0; }
  arg(name, dt) { this.inputs.push([name, dt]); return name; }
  node(op, inputs, attrs = {}, name = `${op.toLowerCase()}_${this.count++}`) {
    this.nodes.push({ name, op, inputs, attrs });
    return name;
  }
  ret(name, dt, source) { this.outputs.push([name, dt]); this.rets.push([name, source]); }
  controlRet(node) { this.controlRets.push(node); }
  encode({ stateful = true } = {}) {
    // OpDef { name=1 input_arg=2 output_arg=3 is_stateful=16 control_output=20 }; ArgDef { name=1 type=3 }
    const sig = new Pb().string(1, this.name);
    for (const [n, dt] of this.inputs) sig.msg(2, new Pb().string(1, n).int(3, dt));
    for (const [n, dt] of this.outputs) sig.msg(3, new Pb().string(1, n).int(3, dt));
    sig.bool(16, stateful);
    for (const c of this.controlRets) sig.string(20, c);
    // FunctionDef { signature=1 node_def=3 ret=4 control_ret=6 }; NodeDef { name=1 op=2 input=3 attr=5 }
    const fdef = new Pb().msg(1, sig);
    for (const { name, op, inputs, attrs } of this.nodes) {
      const nd = new Pb().string(1, name).string(2, op);
      for (const i of inputs) nd.string(3, i);
      for (const [k, v] of Object.entries(attrs)) nd.msg(5, mapEntry(k, v));
      fdef.msg(3, nd);
    }
    for (const [n, src] of this.rets) fdef.msg(4, mapEntryStr(n, src));
    for (const c of this.controlRets) fdef.msg(6, mapEntryStr(c, c));
    return fdef.finish();
  }
}

// ---------------------------------------------------------------------------------------------
// The mlp-mnist step (src/engine/templates/mlp-mnist.ts): 784 → Dense 128 relu → Dropout 0.2 →
// Dense 10 softmax; categorical cross-entropy from the logits (SoftmaxCrossEntropyWithLogits),
// accuracy, Keras' Adadelta as ResourceApplyAdadelta (lr 1.0, rho 0.95, eps 1e-6).
export const MLP = { input: 784, hidden: 128, classes: 10, rate: 0.2, batch: 256, lr: 1.0, rho: 0.95, eps: 1e-6 };
export const VARS = ['w1', 'b1', 'w2', 'b2'];
export const SLOTS = VARS.flatMap((v) => [`${v}_accum`, `${v}_accum_update`]);

/** FunctionDef of one training step. Args: x, y, then the 4 weights' and 8 slots' resource handles. */
export function buildStepFunctionDef(name, { rate = MLP.rate, lr = MLP.lr, rho = MLP.rho, eps = MLP.eps } = {}) {
  const f = new FunctionDefBuilder(name);
  const T = { T: A.type(DT.float) };
  const x = f.arg('x', DT.float);
  const y = f.arg('y', DT.float);
  for (const v of [...VARS, ...SLOTS]) f.arg(v, DT.resource);
  // A node output is node:output_arg_name:index within that arg (not the op's flat output index).
  const out = (node, arg, i = 0) => `${node}:${arg}:${i}`;
  const read = (v) => out(f.node('ReadVariableOp', [v], { dtype: A.type(DT.float) }, `read_${v}`), 'value');
  const matMul = (a, b, ta, tb, name) => out(f.node('MatMul', [a, b], { ...T, transpose_a: A.bool(ta), transpose_b: A.bool(tb) }, name), 'product');
  const konst = (v, dt = DT.float, name) => out(f.node('Const', [], {
    dtype: A.type(dt), value: A.tensor(dt, [], dt === DT.float ? Float32Array.of(v) : Int32Array.of(v)),
  }, name), 'output');

  const [W1, B1, W2, B2] = VARS.map(read);
  // Forward.
  const z1 = out(f.node('BiasAdd', [matMul(x, W1, false, false, 'mm1'), B1], { ...T, data_format: A.str('NHWC') }, 'z1'), 'output');
  const h1 = out(f.node('Relu', [z1], T, 'h1'), 'activations');
  let h1d = h1;
  let mask = null;
  if (rate > 0) {
    const keep = 1 - rate;
    const shape = out(f.node('Shape', [h1], { ...T, out_type: A.type(DT.int32) }), 'output');
    const u = out(f.node('RandomUniform', [shape], { dtype: A.type(DT.float), T: A.type(DT.int32), seed: A.int(0), seed2: A.int(0) }, 'uniform'), 'output');
    const floor = out(f.node('Floor', [out(f.node('AddV2', [u, konst(keep)], T), 'z')], T), 'y');
    mask = out(f.node('Mul', [floor, konst(1 / keep)], T, 'mask'), 'z');
    h1d = out(f.node('Mul', [h1, mask], T, 'h1d'), 'z');
  }
  const logits = out(f.node('BiasAdd', [matMul(h1d, W2, false, false, 'mm2'), B2], { ...T, data_format: A.str('NHWC') }, 'logits'), 'output');
  // Loss and accuracy.
  const xent = f.node('SoftmaxCrossEntropyWithLogits', [logits, y], T, 'xent');
  const axis0 = konst(0, DT.int32, 'axis0');
  const lastAxis = konst(-1, DT.int32, 'last_axis');
  const mean = (v, name) => out(f.node('Mean', [v, axis0], { ...T, Tidx: A.type(DT.int32), keep_dims: A.bool(false) }, name), 'output');
  const loss = mean(out(xent, 'loss'), 'loss_mean');
  const argMax = (v, name) => out(f.node('ArgMax', [v, lastAxis], { ...T, Tidx: A.type(DT.int32), output_type: A.type(DT.int32) }, name), 'output');
  const eq = out(f.node('Equal', [argMax(logits, 'pred'), argMax(y, 'label')], { T: A.type(DT.int32), incompatible_shape_error: A.bool(true) }, 'eq'), 'z');
  const acc = mean(out(f.node('Cast', [eq], { SrcT: A.type(DT.bool), DstT: A.type(DT.float), Truncate: A.bool(false) }, 'eq_f'), 'y'), 'acc_mean');
  // Backward: d(mean loss)/d logits = backprop / rows (rows at run time, so any batch size works).
  const rows = out(f.node('Cast', [out(f.node('Size', [out(xent, 'loss')], { ...T, out_type: A.type(DT.int32) }, 'rows_i'), 'output')],
    { SrcT: A.type(DT.int32), DstT: A.type(DT.float), Truncate: A.bool(false) }, 'rows'), 'y');
  const dz2 = out(f.node('RealDiv', [out(xent, 'backprop'), rows], T, 'dz2'), 'z');
  const dW2 = matMul(h1d, dz2, true, false, 'dw2');
  const dB2 = out(f.node('BiasAddGrad', [dz2], { ...T, data_format: A.str('NHWC') }, 'db2'), 'output');
  const dh1dNode = 'dh1d';
  const dh1d = matMul(dz2, W2, false, true, dh1dNode);
  const dh1 = mask ? out(f.node('Mul', [dh1d, mask], T, 'dh1'), 'z') : dh1d;
  const dz1 = out(f.node('ReluGrad', [dh1, h1], T, 'dz1'), 'backprops');
  const dW1 = matMul(x, dz1, true, false, 'dw1');
  const dB1 = out(f.node('BiasAddGrad', [dz1], { ...T, data_format: A.str('NHWC') }, 'db1'), 'output');
  // Adadelta, one fused op per variable. W2's update waits for the backward MatMul that reads W2
  // (ResourceApply copies on write anyway when the old value is still referenced; this keeps it in place).
  const [cLr, cRho, cEps] = [konst(lr, DT.float, 'lr'), konst(rho, DT.float, 'rho'), konst(eps, DT.float, 'eps')];
  const grads = { w1: dW1, b1: dB1, w2: dW2, b2: dB2 };
  for (const v of VARS) {
    const apply = f.node('ResourceApplyAdadelta', [v, `${v}_accum`, `${v}_accum_update`, cLr, cRho, cEps, grads[v], ...(v === 'w2' ? [`^${dh1dNode}`] : [])],
      { ...T, use_locking: A.bool(false) }, `apply_${v}`);
    f.controlRet(apply);
  }
  f.ret('loss', DT.float, loss);
  f.ret('acc', DT.float, acc);
  return f.encode();
}

// ---------------------------------------------------------------------------------------------
// Raw ops as src/trainer/native/rawOps.ts runs them: executeOp, outputs as tfjs tensors.
export function makeOps(tf, backend) {
  const B = backend.binding;
  const dtypeCode = (d) => ({ float32: B.TF_FLOAT, int32: B.TF_INT32, int64: B.TF_INT64, bool: B.TF_BOOL })[d];
  const ids = (inputs) => inputs.map((t) => (typeof t === 'number' ? t : backend.getInputTensorIds([t])[0]));
  const exec = (name, attrs, inputs, n) => backend.binding.executeOp(name, attrs, ids(inputs), n).map((m) => backend.createOutputTensor(m));
  const attr = {
    type: (name, d = 'float32') => ({ name, type: B.TF_ATTR_TYPE, value: dtypeCode(d) }),
    float: (name, value) => ({ name, type: B.TF_ATTR_FLOAT, value }),
    bool: (name, value) => ({ name, type: B.TF_ATTR_BOOL, value }),
    int: (name, value) => ({ name, type: B.TF_ATTR_INT, value }),
    string: (name, value) => ({ name, type: B.TF_ATTR_STRING, value }),
    shape: (name, value) => ({ name, type: B.TF_ATTR_SHAPE, value }),
  };
  const T = [attr.type('T')];
  return {
    tf, B, exec, attr, T,
    op: (name, inputs, attrs = T) => exec(name, attrs, inputs, 1)[0],
    run: (name, attrs, inputs) => void backend.binding.executeOp(name, attrs, ids(inputs), 0),
  };
}

let varCount = 0;
const varPrefix = `spike_${process.pid}_`;
/** A float32 resource variable holding `initial` (as src/trainer/native/resourceVariable.ts). */
export function resourceVariable(ops, initial) {
  const { attr } = ops;
  const handle = ops.tf.keep(ops.exec('VarHandleOp', [attr.string('container', ''), attr.string('shared_name', `${varPrefix}${varCount++}`),
    attr.type('dtype'), attr.shape('shape', initial.shape)], [], 1)[0]);
  const v = {
    handle,
    assign: (t) => ops.run('AssignVariableOp', [attr.type('dtype')], [handle, t]),
    read: () => ops.exec('ReadVariableOp', [attr.type('dtype')], [handle], 1)[0],
    destroy: () => { ops.run('DestroyResourceOp', [attr.bool('ignore_lookup_error', true)], [handle]); handle.dispose(); },
  };
  v.assign(initial);
  return v;
}

/** Weights (Glorot-uniform kernels, zero biases, like Keras) and zeroed Adadelta slots, as resource variables. */
export function makeState(ops, seed = 1) {
  const { tf } = ops;
  const glorot = (fanIn, fanOut, s) => { const l = Math.sqrt(6 / (fanIn + fanOut)); return tf.randomUniform([fanIn, fanOut], -l, l, 'float32', s); };
  const init = { w1: glorot(MLP.input, MLP.hidden, seed), b1: tf.zeros([MLP.hidden]), w2: glorot(MLP.hidden, MLP.classes, seed + 1), b2: tf.zeros([MLP.classes]) };
  const vars = {};
  for (const v of VARS) {
    vars[v] = resourceVariable(ops, init[v]);
    vars[`${v}_accum`] = resourceVariable(ops, tf.zerosLike(init[v]));
    vars[`${v}_accum_update`] = resourceVariable(ops, tf.zerosLike(init[v]));
  }
  tf.dispose(Object.values(init));
  return vars;
}

/** Copies every variable of `from` into `to` (same weights and slots for both sides of a check). */
export function copyState(ops, from, to) {
  ops.tf.tidy(() => { for (const k of Object.keys(from)) to[k].assign(from[k].read()); });
}

export function readState(ops, state) {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => { const t = v.read(); const a = t.dataSync().slice(); t.dispose(); return [k, a]; }));
}

/**
 * The same step as eager raw ops, op for op what src/trainer/native/rawStep (dense, relu, dropout,
 * the fused softmax cross-entropy head, accuracy) and the fused Adadelta run; weights read from the
 * resource variables (the app reads tfjs variables instead and reads the updated values back: +4 ops).
 * Returns [loss, acc] tensors (caller disposes).
 */
export function makeEagerStep(ops, state, { rate = MLP.rate } = {}) {
  const { tf, op, exec, attr, T } = ops;
  const k = (v, d = 'float32') => tf.keep(tf.scalar(v, d));
  const c = { keep: k(1 - rate), invKeep: k(1 / (1 - rate)), lr: k(MLP.lr), rho: k(MLP.rho), eps: k(MLP.eps), zero: k(0, 'int32'), last: k(-1, 'int32') };
  const shapes = new Map();
  const shapeOf = (dims) => { const key = dims.join(); if (!shapes.has(key)) shapes.set(key, tf.keep(tf.tensor1d(dims, 'int32'))); return shapes.get(key); };
  const matMul = (a, b, ta, tb) => exec('MatMul', [...T, attr.bool('transpose_a', ta), attr.bool('transpose_b', tb)], [a, b], 1)[0];
  const uniformAttrs = [attr.type('dtype'), attr.type('T', 'int32'), attr.int('seed', 0), attr.int('seed2', 0)];
  const meanAttrs = [...T, attr.type('Tidx', 'int32'), attr.bool('keep_dims', false)];
  const argMaxAttrs = [...T, attr.type('Tidx', 'int32'), attr.type('output_type', 'int32')];
  const readAttrs = [attr.type('dtype')];
  const step = (x, y) => tf.tidy(() => {
    const [W1, B1, W2, B2] = VARS.map((v) => exec('ReadVariableOp', readAttrs, [state[v].handle], 1)[0]);
    const h1 = op('Relu', [op('BiasAdd', [matMul(x, W1, false, false), B1])]);
    let h1d = h1;
    let mask = null;
    if (rate > 0) {
      const u = exec('RandomUniform', uniformAttrs, [shapeOf(h1.shape)], 1)[0];
      mask = op('Mul', [op('Floor', [op('AddV2', [u, c.keep])]), c.invKeep]);
      h1d = op('Mul', [h1, mask]);
    }
    const logits = op('BiasAdd', [matMul(h1d, W2, false, false), B2]);
    op('Softmax', [logits]); // the raw step's Dense(softmax) forward computes its output too
    const [perRow, backprop] = exec('SoftmaxCrossEntropyWithLogits', T, [logits, y], 2);
    const loss = exec('Mean', meanAttrs, [perRow, c.zero], 1)[0];
    const eq = exec('Equal', [attr.type('T', 'int32'), attr.bool('incompatible_shape_error', true)],
      [exec('ArgMax', argMaxAttrs, [logits, c.last], 1)[0], exec('ArgMax', argMaxAttrs, [y, c.last], 1)[0]], 1)[0];
    const acc = exec('Mean', meanAttrs, [exec('Cast', [attr.type('SrcT', 'bool'), attr.type('DstT', 'float32'), attr.bool('Truncate', false)], [eq], 1)[0], c.zero], 1)[0];
    const dz2 = op('Mul', [backprop, tf.scalar(1 / x.shape[0])]);
    const grads = { w2: matMul(h1d, dz2, true, false), b2: op('BiasAddGrad', [dz2]) };
    let dh1 = matMul(dz2, W2, false, true);
    if (mask) dh1 = op('Mul', [dh1, mask]);
    const dz1 = op('ReluGrad', [dh1, h1]);
    grads.w1 = matMul(x, dz1, true, false);
    grads.b1 = op('BiasAddGrad', [dz1]);
    for (const v of VARS) {
      ops.run('ResourceApplyAdadelta', T, [state[v].handle, state[`${v}_accum`].handle, state[`${v}_accum_update`].handle, c.lr, c.rho, c.eps, grads[v]]);
    }
    return [loss, acc];
  });
  step.dispose = () => { tf.dispose(Object.values(c)); tf.dispose([...shapes.values()]); };
  return step;
}

/** Registers the step function once and returns a caller: one executeOp per step. */
export function makeCompiledStep(ops, B, state, name, options) {
  if (!B.hasFunction(name)) B.addFunctionDef(buildStepFunctionDef(name, options));
  const handles = [...VARS, ...SLOTS].map((v) => state[v].handle);
  return (x, y) => ops.exec(name, [], [x, y, ...handles], 2);
}

const FASHION = '/usr/share/datasets/fashion-mnist';
/**
 * `count` batches of MNIST-shaped data: Fashion-MNIST's first training images (Debian's
 * dataset-fashion-mnist, 784 pixels scaled to [0, 1], one-hot labels) when installed, else
 * synthetic images with a learnable rule (label = argmax of a fixed projection).
 */
export function makeBatches(tf, count, batch = MLP.batch, seed = 42) {
  const n = count * batch;
  const img = path.join(FASHION, 'train-images-idx3-ubyte.gz');
  if (fs.existsSync(img)) {
    const images = zlib.gunzipSync(fs.readFileSync(img)).subarray(16, 16 + n * 784);
    const labels = zlib.gunzipSync(fs.readFileSync(path.join(FASHION, 'train-labels-idx1-ubyte.gz'))).subarray(8, 8 + n);
    makeBatches.source = `Fashion-MNIST (${FASHION}), first ${n} training images`;
    return tf.tidy(() => Array.from({ length: count }, (_, i) => {
      const px = Float32Array.from(images.subarray(i * batch * 784, (i + 1) * batch * 784), (v) => v / 255);
      const x = tf.tensor2d(px, [batch, 784]);
      const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels.subarray(i * batch, (i + 1) * batch)), 'int32'), MLP.classes).toFloat();
      return [tf.keep(x), tf.keep(y)];
    }));
  }
  makeBatches.source = 'synthetic (label = argmax of a fixed random projection)';
  return tf.tidy(() => {
    const proj = tf.randomNormal([MLP.input, MLP.classes], 0, 1, 'float32', seed);
    const out = [];
    for (let i = 0; i < count; i++) {
      const x = tf.randomUniform([batch, MLP.input], 0, 1, 'float32', seed + 1 + i);
      const y = tf.oneHot(tf.argMax(tf.matMul(tf.sub(x, 0.5), proj), -1), MLP.classes).toFloat();
      out.push([tf.keep(x), tf.keep(y)]);
    }
    return out;
  });
}

export function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p10: q(0.1), p90: q(0.9), min: s[0], max: s.at(-1), mean: s.reduce((a, b) => a + b, 0) / s.length };
}
