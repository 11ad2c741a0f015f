import type { Tf } from './tfBackend';

/** Big enough that a native backend spends its time multiplying, not dispatching. */
const SIZE = 512;
/** Long enough to average out timer and scheduling noise, short enough for a startup probe. */
const BUDGET_MS = 150;

/**
 * Float32 matmul throughput of the loaded backend, in GFLOP/s (2·n³ FLOPs per
 * n×n by n×n product), for the gallery's time-per-epoch estimates. One
 * untimed product first, so kernel setup and allocation are not counted
 * (unless that one product already took the whole budget); then products
 * until the budget is spent, each read back so that the work
 * is timed, not just its dispatch. Null if the backend fails at it: an
 * estimate is optional, the probe's answer is not.
 */
export async function measureMatmulGflops(tf: Tf): Promise<number | null> {
  const a = tf.randomUniform([SIZE, SIZE]);
  const b = tf.randomUniform([SIZE, SIZE]);
  const product = async () => {
    const c = tf.matMul(a, b);
    try {
      await c.data();
    } finally {
      c.dispose();
    }
  };
  try {
    const warmUpStarted = performance.now();
    await product();
    let runs = 0;
    let started = warmUpStarted;
    // A slow backend (pure JS: about a second per product) is measured by the
    // warm-up alone, whose setup cost is small beside it; the probe stays quick.
    if (performance.now() - warmUpStarted >= BUDGET_MS) runs = 1;
    else {
      started = performance.now();
      while (performance.now() - started < BUDGET_MS) {
        await product();
        runs += 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const gflops = (2 * SIZE ** 3 * runs) / seconds / 1e9;
    return Number.isFinite(gflops) && gflops > 0 ? gflops : null;
  } catch {
    return null;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Launches timed for `measureKernelMicros`: enough to average, a few milliseconds natively. */
const LAUNCHES = 400;

/**
 * Microseconds per launch of a tiny kernel (an 8×8 add), read back once at
 * the end: what each of the thousands of small kernels of an unrolled
 * recurrent layer costs whatever its arithmetic. Null if the backend fails.
 */
export async function measureKernelMicros(tf: Tf): Promise<number | null> {
  const a = tf.ones([8, 8]);
  try {
    let x = tf.add(a, a);
    await x.data();
    const started = performance.now();
    for (let i = 0; i < LAUNCHES; i++) {
      const next = tf.add(x, a);
      x.dispose();
      x = next;
    }
    await x.data();
    x.dispose();
    const micros = ((performance.now() - started) * 1000) / LAUNCHES;
    return Number.isFinite(micros) && micros > 0 ? micros : null;
  } catch {
    return null;
  } finally {
    a.dispose();
  }
}
