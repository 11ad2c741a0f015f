/**
 * Measures one optimizer step (not a test):
 *
 *   npx tsx src/trainer/optimizers/measure.ts [--hidden 128] [--iters 50]
 *
 * `applyGradients` on the MLP's four variables (784×hidden, hidden,
 * hidden×10, 10; the mlp-mnist template has hidden 128) for each optimizer:
 * fused TensorFlow ops against the tfjs formula on native, and the formula on
 * wasm. Prints the median ms per step and the native ops per step.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { OptimizerSchema } from '../../engine/training';
import { loadJsTfWithWasm, mulberry32 } from '../kernels/harness';
import { countNativeOps } from '../native/rawOps';
import { makeOptimizer, type OptimizerKind } from './index';

type Tf = typeof TF;
const nodeRequire = createRequire(__filename);
const { values: args } = parseArgs({ options: { hidden: { type: 'string', default: '128' }, iters: { type: 'string', default: '50' } } });
const hidden = Number(args.hidden);
const iters = Number(args.iters);
const KINDS: OptimizerKind[] = ['sgd', 'adadelta', 'adam', 'rmsprop'];
const LEARNING_RATE: Record<OptimizerKind, number> = { sgd: 0.01, adadelta: 1, adam: 0.001, rmsprop: 0.001 };

function measure(tf: Tf, kind: OptimizerKind, fused: boolean) {
  const random = mulberry32(3);
  const shapes = [[784, hidden], [hidden], [hidden, 10], [10]];
  const fill = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 0.1 - 0.05);
  const variables = shapes.map((shape) => tf.variable(tf.tensor(fill(shape), shape)));
  const gradients = Object.fromEntries(variables.map((v) => [v.name, tf.tensor(fill(v.shape), v.shape)]));
  const optimizer = makeOptimizer(tf, OptimizerSchema.parse({ kind, learningRate: LEARNING_RATE[kind] }), { fused });
  const step = () => optimizer.applyGradients(gradients);
  for (let i = 0; i < 5; i++) step();
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) step();
    variables[0]!.dataSync(); // wait for any queued work
    runs.push((performance.now() - t0) / iters);
  }
  runs.sort((a, b) => a - b);
  const ops = tf.getBackend() === 'tensorflow' ? countNativeOps(tf, step).ops : null;
  optimizer.dispose();
  tf.dispose([...variables, ...Object.values(gradients)]);
  return { ms: runs[2]!, ops };
}

async function main() {
  const rows: string[] = [];
  const tfNode = nodeRequire('@tensorflow/tfjs-node') as Tf;
  tfNode.env().set('PROD', true);
  const wasm = await loadJsTfWithWasm();
  for (const kind of KINDS) {
    await tfNode.setBackend('tensorflow');
    const fused = measure(tfNode, kind, true);
    const formula = measure(tfNode, kind, false);
    await wasm.setBackend('wasm');
    const onWasm = measure(wasm, kind, false);
    rows.push(
      `| ${kind} | ${fused.ms.toFixed(3)} (${fused.ops} ops) | ${formula.ms.toFixed(3)} (${formula.ops} ops) | ${onWasm.ms.toFixed(3)} |`,
    );
  }
  console.log(`applyGradients on 784×${hidden}, ${hidden}, ${hidden}×10, 10: ms per step (median of 5×${iters}), native ops per step`);
  console.log('| optimizer | native fused | native tfjs formula | wasm tfjs formula |\n| --- | ---: | ---: | ---: |');
  console.log(rows.join('\n'));
}

void main();
