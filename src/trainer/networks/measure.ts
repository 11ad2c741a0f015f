/**
 * Training throughput of every tutorial network on native tfjs-node, at the
 * seed's batch size on real data, and the seconds one epoch would take.
 *
 *   npx tsx src/trainer/networks/measure.ts [datasetsDir] [--batches N] [--only id,id]
 *
 * datasetsDir defaults to LAYERLAB_TEST_DATA, else ../shared/datasets beside
 * the repository. Each network gets one untimed warm-up batch, then N timed
 * batches (default 3) in one `fit` call with `yieldEvery: 'never'`.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as TF from '@tensorflow/tfjs';
import { NETWORKS } from './index';
import type { NetworkDefinition, Tf } from './types';

/**
 * Samples per seed epoch where it differs from what the loader has: the MLP
 * holds out 20% for validation; the CIFAR-10 file here is the first 200
 * images of the 50,000-image training set (timed batches repeat them).
 */
const EPOCH_SAMPLES: Record<string, (loaded: number) => number> = {
  'mlp-mnist': (n) => Math.round(n * 0.8),
  'cnn-cifar10': () => 50_000,
};

interface Args {
  dataDir: string;
  batches: number;
  only: Set<string> | null;
}

function parseArgs(argv: string[]): Args {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  let dataDir = process.env.LAYERLAB_TEST_DATA ?? path.join(repoRoot, '..', 'shared', 'datasets');
  let batches = 3;
  let only: Set<string> | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--batches') batches = Number(argv[++i]);
    else if (arg === '--only') only = new Set((argv[++i] ?? '').split(','));
    else dataDir = arg;
  }
  if (!(Number.isInteger(batches) && batches > 0)) throw new Error('--batches must be a positive integer');
  return { dataDir: path.resolve(dataDir), batches, only };
}

const list = (t: TF.Tensor | TF.Tensor[]) => (Array.isArray(t) ? t : [t]);

/** Rows `[from, from + count)`, repeating the data cyclically when it has fewer rows. */
function rows(tf: Tf, t: TF.Tensor, from: number, count: number): TF.Tensor {
  return tf.tidy(() => {
    const n = t.shape[0]!;
    const index = tf.tensor1d(Int32Array.from({ length: count }, (_, i) => (from + i) % n), 'int32');
    return tf.gather(t, index);
  });
}

function pick(tf: Tf, t: TF.Tensor | TF.Tensor[], from: number, count: number): TF.Tensor | TF.Tensor[] {
  return Array.isArray(t) ? t.map((x) => rows(tf, x, from, count)) : rows(tf, t, from, count);
}

interface Row {
  id: string;
  batch: number;
  params: number;
  samplesPerSecond: number;
  epochSamples: number;
  epochSeconds: number;
}

async function measure(tf: Tf, network: NetworkDefinition, args: Args): Promise<Row> {
  const data = await network.loadData(tf, args.dataDir);
  const batch = network.seedBatchSize;
  const epochSamples = EPOCH_SAMPLES[network.id]?.(data.samples) ?? data.samples;
  const model = network.build(tf);
  const fitArgs = { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 as const, yieldEvery: 'never' as const };
  try {
    const warmX = pick(tf, data.xs, 0, batch);
    const warmY = pick(tf, data.ys, 0, batch);
    await model.fit(warmX, warmY, fitArgs);
    tf.dispose([...list(warmX), ...list(warmY)]);

    const count = batch * args.batches;
    const x = pick(tf, data.xs, batch, count);
    const y = pick(tf, data.ys, batch, count);
    const start = performance.now();
    await model.fit(x, y, fitArgs);
    const seconds = (performance.now() - start) / 1000;
    tf.dispose([...list(x), ...list(y)]);

    const samplesPerSecond = count / seconds;
    return { id: network.id, batch, params: model.countParams(), samplesPerSecond, epochSamples, epochSeconds: epochSamples / samplesPerSecond };
  } finally {
    tf.dispose([...list(data.xs), ...list(data.ys)]);
    model.optimizer.dispose();
    model.dispose();
  }
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const tf = createRequire(__filename)('@tensorflow/tfjs-node') as Tf;
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tfjs-node's 'tensorflow' backend failed to initialise");
  console.log(`tfjs-node ${(tf.version as Record<string, string>)['tfjs-node']}, backend ${tf.getBackend()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);
  console.log(`data: ${args.dataDir}; ${args.batches} timed batches after 1 warm-up batch\n`);

  const header = ['network', 'batch', 'params', 'samples/s', 'samples/epoch', 'projected epoch'];
  const table: string[][] = [];
  for (const network of NETWORKS) {
    if (args.only && !args.only.has(network.id)) continue;
    try {
      const r = await measure(tf, network, args);
      table.push([r.id, String(r.batch), r.params.toLocaleString('en'), r.samplesPerSecond.toFixed(1), r.epochSamples.toLocaleString('en'), formatSeconds(r.epochSeconds)]);
    } catch (error) {
      table.push([network.id, String(network.seedBatchSize), '-', 'failed', '-', (error as Error).message.split('\n')[0]!]);
    }
    console.log(table.at(-1)!.join('  '));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of table) console.log(line(r));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
