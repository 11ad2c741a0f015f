import { fork, type ChildProcess } from 'node:child_process';
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
}

export interface TrainerJob {
  stop(): void;
  /** Settles when the process has exited; rejects with a readable reason on a crash or error. */
  finished: Promise<void>;
}

type JobRequest = Exclude<TrainerRequest, { type: 'stop' }>;

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
  const child: ChildProcess = fork(launch.modulePath, [], {
    execPath: launch.execPath ?? process.execPath,
    execArgv: launch.execArgv ?? [],
    // TensorFlow's C library logs INFO lines (oneDNN, CPU features) at load; warnings still show.
    env: { TF_CPP_MIN_LOG_LEVEL: '1', ...process.env, ...launch.env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
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
  return {
    stop() {
      if (child.connected) child.send({ type: 'stop' } satisfies TrainerRequest);
    },
    finished,
  };
}
