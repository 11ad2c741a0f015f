import {
  TrainerMessageSchema,
  type SessionRequest,
  type TensorValues,
  type TrainerRequest,
} from '../../shared/trainerProtocol';
import { formatZodError } from '../../shared/zodMessages';
import { forkTrainer, type TrainerChild, type TrainerLaunch } from '../trainerSupervisor';

interface Pending {
  resolve: (outputs: TensorValues[]) => void;
  reject: (error: Error) => void;
}

/**
 * A trainer process holding one run's model (a `session` request), asked for
 * predictions by id. Unlike a training job it stays up until `close()`, so
 * generating a sentence word by word costs one IPC round trip per word.
 */
export class InferenceProcess {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: string | null = null;
  private stderr = '';
  /** The model's input shapes (batch first), known once it is ready. */
  inputShapes: (number | null)[][] = [];

  private constructor(private readonly child: TrainerChild) {}

  /** Forks the trainer, builds the model with the run's weights, and resolves once it is ready. */
  static start(launch: TrainerLaunch, request: SessionRequest): Promise<InferenceProcess> {
    const child = forkTrainer(launch);
    const session = new InferenceProcess(child);
    return new Promise((resolve, reject) => {
      let ready = false;
      child.stderr?.on('data', (chunk: Buffer) => {
        process.stderr.write(chunk);
        session.stderr = (session.stderr + chunk.toString()).slice(-2000);
      });
      child.on('message', (raw) => {
        const parsed = TrainerMessageSchema.safeParse(raw);
        if (!parsed.success) {
          session.fail(`The inference process sent an invalid message: ${formatZodError(parsed.error)}`);
          child.kill();
          return;
        }
        const message = parsed.data;
        if (message.type === 'ready') {
          ready = true;
          session.inputShapes = message.inputShapes;
          resolve(session);
        } else if (message.type === 'error') {
          session.fail(message.message);
          if (!ready) reject(new Error(message.message));
          child.kill();
        } else if (message.type === 'prediction' || message.type === 'prediction-failed') {
          const waiting = session.pending.get(message.id);
          session.pending.delete(message.id);
          if (message.type === 'prediction') waiting?.resolve(message.outputs);
          else waiting?.reject(new Error(message.message));
        }
      });
      child.on('error', (error) => {
        session.fail(`Could not start the inference process (${launch.modulePath}): ${error.message}`);
        if (!ready) reject(new Error(session.failure ?? error.message));
      });
      child.on('exit', (code, signal) => {
        const tail = session.stderr.trim().split('\n').slice(-3).join(' | ');
        session.fail(`The inference process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${tail ? `: ${tail}` : ''}`);
        if (!ready) reject(new Error(session.failure ?? 'The inference process exited'));
      });
      child.send(request satisfies TrainerRequest);
    });
  }

  get alive(): boolean {
    return this.failure === null;
  }

  predict(inputs: TensorValues[], layers: string[] | null = null): Promise<TensorValues[]> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'predict', id, inputs, layers } satisfies TrainerRequest);
    });
  }

  /** Disconnecting ends the trainer: nothing keeps it alive once the IPC channel closes. */
  close(): void {
    this.fail('The inference session was closed');
    if (this.child.connected) this.child.disconnect();
    // A trainer stuck in a long predict still goes.
    setTimeout(() => this.child.kill(), 2000).unref();
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    for (const waiting of this.pending.values()) waiting.reject(new Error(this.failure));
    this.pending.clear();
  }
}
