/**
 * The trainer speaks Node's fork IPC (`process.send`, `process.on('message')`,
 * `'disconnect'`). In Electron's utility process the channel is
 * `process.parentPort` instead; these two halves map one onto the other, so
 * the trainer runs unchanged under either. No `electron` import: the host
 * half receives Electron's UtilityProcess, the child half `process.parentPort`.
 */
import { EventEmitter } from 'node:events';
import type { TrainerChild } from '../node/trainerSupervisor';
import type { TrainerRequest } from '../shared/trainerProtocol';

/** Sent by the host in place of closing an IPC channel, which a utility process does not have. */
export const DISCONNECT_MESSAGE = { layerlabBridge: 'disconnect' } as const;

export function isDisconnectMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { layerlabBridge?: unknown }).layerlabBridge === 'disconnect';
}

/** The subset of Electron's UtilityProcess the host half uses. */
export interface UtilityProcessLike {
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** A UtilityProcess dressed as the ChildProcess the supervisor and the playground drive. */
export class UtilityTrainerChild extends EventEmitter implements TrainerChild {
  private open = true;

  constructor(private readonly utility: UtilityProcessLike) {
    super();
    utility.on('message', (message) => this.emit('message', message));
    utility.on('exit', (code) => {
      this.open = false;
      this.emit('exit', code, null);
    });
  }

  get stderr(): NodeJS.ReadableStream | null {
    return this.utility.stderr;
  }

  get connected(): boolean {
    return this.open;
  }

  send(message: TrainerRequest): boolean {
    if (!this.open) return false;
    this.utility.postMessage(message);
    return true;
  }

  kill(): boolean {
    return this.utility.kill();
  }

  /** Like closing fork's channel: the child hears 'disconnect' and ends (see bridgeParentPort). */
  disconnect(): void {
    if (!this.open) return;
    this.open = false;
    this.utility.postMessage(DISCONNECT_MESSAGE);
  }
}

/** The subset of `process.parentPort` the child half uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface ProcessLike {
  send?: (message: unknown) => boolean;
  emit(event: 'message' | 'disconnect', ...args: unknown[]): boolean;
}

/**
 * Child half: `process.send` posts to the parent port, port messages arrive as
 * `process` 'message' events, and the host's disconnect message becomes a
 * 'disconnect' event followed by `exit()`: a utility process, unlike a forked
 * Node child, does not end on its own when its work is done (electron#47228),
 * and the host only disconnects once it has read everything it wants.
 */
export function bridgeParentPort(proc: ProcessLike, port: ParentPortLike, exit: () => void): void {
  let connected = true;
  proc.send = (message: unknown) => {
    if (!connected) return false;
    port.postMessage(message);
    return true;
  };
  port.on('message', ({ data }) => {
    if (!connected) return;
    if (isDisconnectMessage(data)) {
      connected = false;
      proc.emit('disconnect');
      setImmediate(exit);
      return;
    }
    proc.emit('message', data);
  });
}
