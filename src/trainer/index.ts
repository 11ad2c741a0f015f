import { TrainerRequestSchema, type TrainerMessage, type TrainerRequest } from '../shared/trainerProtocol';
import { formatZodError } from '../shared/zodMessages';
import { measureKernelMicros, measureMatmulGflops } from './matmulSpeed';
import { loadTf } from './tfBackend';
import { applyIntraOpThreads, chooseIntraOpThreads } from './threads';
import { openSession, type InferenceSession } from './session';
import { runActivations } from './runActivations';
import { RunControl } from './runControl';
import { evaluate, sendStatus, train } from './train';

/**
 * The trainer process: the only place tfjs runs. A host forks one per job,
 * sends one request, and reads messages until `done`, `test` or `error`;
 * a crash here cannot touch the project, which only the host writes.
 */
function send(message: TrainerMessage): void {
  process.send?.(message);
}

const control = new RunControl();
let job: Promise<void> | null = null;
let session: InferenceSession | null = null;

async function run(request: Exclude<TrainerRequest, { type: 'stop' | 'pause' | 'resume' | 'predict' }>): Promise<void> {
  // Before TensorFlow loads: it reads its thread settings then, once per process.
  if ('modelTopology' in request) applyIntraOpThreads(chooseIntraOpThreads(request.modelTopology));
  const { tf, backend } = await loadTf();
  // Only the probe measures speed (for estimates before training); a run starts without the delay.
  if (request.type === 'probe') {
    send({ type: 'backend', backend: { ...backend, gflops: await measureMatmulGflops(tf), kernelMicros: await measureKernelMicros(tf) } });
    return;
  }
  send({ type: 'backend', backend });
  const ctx = { tf, send, backend, stopRequested: () => control.stopRequested, control };
  if (request.type !== 'session') sendStatus(ctx, request.runId, 'preparing', `Backend: ${backend.detail}`);
  if (request.type === 'train') await train(ctx, request);
  else if (request.type === 'activations') await runActivations(tf, request, send, backend);
  else if (request.type === 'session') session = await openSession(tf, request, send);
  else await evaluate(ctx, request);
}

function finish(code: number): void {
  // The host disconnects once it has read the final message; the open IPC
  // channel keeps this process alive until then, so nothing is lost in flight.
  process.exitCode = code;
}

process.on('message', (raw: unknown) => {
  const parsed = TrainerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    send({ type: 'error', message: `Trainer: invalid request: ${formatZodError(parsed.error)}` });
    return;
  }
  const request = parsed.data;
  if (request.type === 'stop') {
    control.stop();
    return;
  }
  if (request.type === 'pause') {
    control.pause();
    return;
  }
  if (request.type === 'resume') {
    control.resume();
    return;
  }
  if (request.type === 'predict') {
    // A playground session answers each prediction on its own; one bad input does not end it.
    try {
      if (!session) throw new Error('Trainer: no inference session is open');
      send({ type: 'prediction', id: request.id, outputs: session.predict(request) });
    } catch (error) {
      send({ type: 'prediction-failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (job) {
    send({ type: 'error', message: 'Trainer: a job is already running in this process' });
    return;
  }
  job = run(request).then(
    () => finish(0),
    (error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      finish(1);
    },
  );
});

process.on('disconnect', () => {
  // The host went away: nobody is listening, so stop after the current batch (a paused run too).
  control.stop();
});
