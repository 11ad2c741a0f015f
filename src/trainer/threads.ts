import os from 'node:os';
import { getLayerSpec } from '../engine/layers/registry';

/**
 * How many threads TensorFlow's intra-op pool gets in a trainer process.
 *
 * Eager TensorFlow splits every kernel over that pool. On a 2-CPU machine the
 * hand-over costs more than it saves for small kernels: an element-wise Mul of
 * 107k values takes 78 µs with the default pool and 22 µs with one thread, and
 * the encoder-decoder's training step drops from 28 to 19.5 ms. Convolutions
 * are the exception (cnn-mnist: 17.8 → 25 ms with one thread), so a model with
 * any layer whose spec says `threadedKernels` keeps TensorFlow's default.
 * Larger machines keep the default too: this was measured on 2 CPUs only.
 *
 * TensorFlow reads `TF_NUM_INTRAOP_THREADS` once, when tfjs-node loads, so
 * the choice is applied before `loadTf` in a fresh process (one per job).
 */
export interface ThreadChoice {
  /** The intra-op thread count to set, or null for TensorFlow's default (all CPUs). */
  intraOp: number | null;
  /** Why, for the run record. */
  reason: string;
}

/** Machines with at most this many CPUs train small-kernel models on one intra-op thread. */
export const SMALL_MACHINE_CPUS = 2;

/** Every `class_name` in a Keras topology, nested models and wrappers (TimeDistributed's layer) included. */
export function kerasClassNames(topology: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.class_name === 'string') names.add(record.class_name);
      Object.values(record).forEach(visit);
    }
  };
  visit(topology);
  return names;
}

export function chooseIntraOpThreads(
  topology: unknown,
  cpus: number = os.availableParallelism(),
  env: NodeJS.ProcessEnv = process.env,
): ThreadChoice {
  const forced = env.LAYERLAB_TF_THREADS?.trim();
  if (forced) {
    if (forced === 'default') return { intraOp: null, reason: 'TensorFlow default, set by LAYERLAB_TF_THREADS' };
    const count = Number(forced);
    if (!Number.isInteger(count) || count < 1) throw new Error(`LAYERLAB_TF_THREADS: expected 'default' or a whole number of threads ≥ 1, got '${forced}'`);
    return { intraOp: count, reason: 'set by LAYERLAB_TF_THREADS' };
  }
  if (env.TF_NUM_INTRAOP_THREADS) return { intraOp: null, reason: `TF_NUM_INTRAOP_THREADS=${env.TF_NUM_INTRAOP_THREADS} from the environment` };
  if (cpus > SMALL_MACHINE_CPUS) return { intraOp: null, reason: `TensorFlow default on ${cpus} CPUs` };
  const threaded = [...kerasClassNames(topology)].filter((name) => getLayerSpec(name)?.threadedKernels);
  if (threaded.length > 0) return { intraOp: null, reason: `TensorFlow default: ${threaded.join(', ')} gains from threads even on ${cpus} CPUs` };
  return { intraOp: 1, reason: `${cpus} CPUs and no convolution: small kernels run faster without handing work between threads` };
}

/** What this process' native TensorFlow was loaded with, and the choice applied before it loaded. */
let loadedWith: string | null = null;
let appliedBeforeLoad: ThreadChoice | null = null;

/**
 * Sets the choice in this process' environment, where tfjs-node's TensorFlow
 * reads it when it loads; too late once it has loaded (the note then says
 * what it was loaded with).
 */
export function applyIntraOpThreads(choice: ThreadChoice, env: NodeJS.ProcessEnv = process.env): void {
  if (loadedWith !== null) return;
  if (choice.intraOp !== null) env.TF_NUM_INTRAOP_THREADS = String(choice.intraOp);
  appliedBeforeLoad = choice;
}

/** Called by `loadTf` when native TensorFlow loads: what it saw. */
export function recordThreadsAtLoad(env: NodeJS.ProcessEnv = process.env): void {
  loadedWith ??= env.TF_NUM_INTRAOP_THREADS ?? 'default';
}

/** The run record's line on TensorFlow's intra-op threads; null when native TensorFlow is not loaded. */
export function threadsNote(): string | null {
  if (loadedWith === null) return null;
  const why = appliedBeforeLoad ? appliedBeforeLoad.reason : 'as this process loaded TensorFlow';
  return `TensorFlow intra-op threads: ${loadedWith} (${why})`;
}
