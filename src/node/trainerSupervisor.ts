import { fork } from 'node:child_process';
import {
  TrainerMessageSchema,
  type TrainerMessage,
  type TrainerRequest,
} from '../shared/trainerProtocol';
import { formatZodError } from '../shared/zodMessages';

/** How to start the trainer: the built `trainer.js`, or the TS source under tsx in tests. */
export interface TrainerLaunch {
  modulePath: string;
  /** The Node binary. Electron passes the system `node` so tfjs-node's ABI matches. */
  execPath?: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Starts the process instead of Node's `fork` (the packaged desktop app: Electron's utility process). */
  fork?: TrainerFork;
}

/** The part of a ChildProcess the hosts use; a Node `fork` child is one as it is. */
export interface TrainerChild {
  readonly stderr: NodeJS.ReadableStream | null;
  readonly connected: boolean;
  send(message: TrainerRequest): boolean;
  kill(): boolean;
  disconnect(): void;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
}

export type TrainerFork = (modulePath: string, options: { execPath: string; execArgv: string[]; env: NodeJS.ProcessEnv }) => TrainerChild;

/** Starts a trainer process as `launch` says: Node's `fork` (advanced serialization, stderr piped), or the host's own launcher. */
export function forkTrainer(launch: TrainerLaunch): TrainerChild {
  const options = {
    execPath: launch.execPath ?? process.execPath,
    execArgv: launch.execArgv ?? [],
    // TensorFlow's C library logs INFO lines (oneDNN, CPU features) at load; warnings still show.
    env: { TF_CPP_MIN_LOG_LEVEL: '1', ...process.env, ...launch.env },
  };
  if (launch.fork) return launch.fork(launch.modulePath, options);
  return fork(launch.modulePath, [], { ...options, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
}

export interface TrainerJob {
  stop(): void;
  /** Holds training after the current batch; `resume` continues it. */
  pause(): void;
  resume(): void;
  /** Settles when the process has exited; rejects with a readable reason on a crash or error. */
  finished: Promise<void>;
}

type JobRequest = Exclude<TrainerRequest, { type: 'stop' | 'pause' | 'resume' }>;

function isFinal(request: JobRequest, message: TrainerMessage): boolean {
  if (message.type === 'error') return true;
  if (request.type === 'probe') return message.type === 'backend';
  if (request.type === 'evaluate') return message.type === 'test';
  if (request.type === 'activations') return message.type === 'event' && message.event.event === 'training.activations';
  return message.type === 'done';
}

const STDERR_TAIL = 4000;

export function startTrainerJob(
  launch: TrainerLaunch,
  request: JobRequest,
  onMessage: (message: TrainerMessage) => void,
): TrainerJob {
  const child = forkTrainer(launch);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });

  let failure: string | null = null;
  let sawFinal = false;
  child.on('message', (raw) => {
    const parsed = TrainerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      failure = `The trainer sent an invalid message: ${formatZodError(parsed.error)}`;
      child.kill();
      return;
    }
    const message = parsed.data;
    if (message.type === 'error') failure = message.message;
    onMessage(message);
    if (isFinal(request, message)) {
      sawFinal = true;
      if (child.connected) child.disconnect();
    }
  });

  const finished = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => {
      failure ??= `Could not start the trainer (${launch.execPath ?? process.execPath} ${launch.modulePath}): ${error.message}`;
    });
    child.on('exit', (code, signal) => {
      if (failure) return reject(new Error(failure));
      if (sawFinal) return resolve();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(new Error(`The trainer process ${how} before finishing${tail ? `: ${tail}` : ''}`));
    });
  });

  child.send(request);
  const tell = (type: 'stop' | 'pause' | 'resume') => {
    if (child.connected) child.send({ type } satisfies TrainerRequest);
  };
  return {
    stop: () => tell('stop'),
    pause: () => tell('pause'),
    resume: () => tell('resume'),
    finished,
  };
}
