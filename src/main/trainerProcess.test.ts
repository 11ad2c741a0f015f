import { EventEmitter } from 'node:events';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { forkTrainer, startTrainerJob } from '../node/trainerSupervisor';
import { bridgeParentPort, DISCONNECT_MESSAGE, UtilityTrainerChild, type ParentPortLike, type ProcessLike } from './parentPortBridge';
import { desktopTrainerLaunch, type UtilityFork } from './trainerProcess';

/**
 * An Electron utility process simulated in memory: the host half
 * (UtilityTrainerChild) on one side, the child half (bridgeParentPort) on a
 * fake `process` on the other, wired as postMessage / parentPort would be.
 */
function simulatedUtility() {
  const childProcess = new EventEmitter() as EventEmitter & ProcessLike;
  const port = new EventEmitter();
  const parentPort: ParentPortLike = {
    on: (event, listener) => port.on(event, listener),
    postMessage: (message) => queueMicrotask(() => utility.emit('message', message)),
  };
  const exits: number[] = [];
  const utility = Object.assign(new EventEmitter(), {
    stderr: new PassThrough(),
    postMessage: (message: unknown) => queueMicrotask(() => port.emit('message', { data: message })),
    kill: vi.fn(() => {
      queueMicrotask(() => utility.emit('exit', 15));
      return true;
    }),
  });
  bridgeParentPort(childProcess, parentPort, () => {
    exits.push(0);
    utility.emit('exit', 0);
  });
  return { childProcess, utility, host: new UtilityTrainerChild(utility), exits };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('utility-process bridge', () => {
  it("carries requests in and messages out as fork's IPC does", async () => {
    const { childProcess, host } = simulatedUtility();
    const received: unknown[] = [];
    const sent: unknown[] = [];
    childProcess.on('message', (message) => received.push(message));
    host.on('message', (message) => sent.push(message));

    expect(host.connected).toBe(true);
    expect(host.send({ type: 'stop' })).toBe(true);
    await tick();
    expect(received).toEqual([{ type: 'stop' }]);

    childProcess.send?.({ type: 'error', message: 'boom' });
    await tick();
    expect(sent).toEqual([{ type: 'error', message: 'boom' }]);
  });

  it("turns disconnect into the trainer's 'disconnect' event and an exit the host sees", async () => {
    const { childProcess, host, exits } = simulatedUtility();
    const disconnected = vi.fn();
    const exited = vi.fn();
    const requests = vi.fn();
    childProcess.on('disconnect', disconnected);
    childProcess.on('message', requests);
    host.on('exit', exited);

    host.disconnect();
    expect(host.connected).toBe(false);
    expect(host.send({ type: 'stop' })).toBe(false);
    await tick();
    await tick();
    expect(disconnected).toHaveBeenCalledOnce();
    expect(exits).toEqual([0]);
    expect(exited).toHaveBeenCalledWith(0, null);
    // The disconnect marker never reaches the trainer as a request.
    expect(requests).not.toHaveBeenCalled();
  });

  it('drives a real supervisor job: the trainer error is the job failure', async () => {
    const { childProcess, utility } = simulatedUtility();
    // The "trainer": answers any request with an error, as src/trainer does for a bad one.
    childProcess.on('message', () => childProcess.send?.({ type: 'error', message: 'Trainer: invalid request' }));
    const job = startTrainerJob(
      { modulePath: 'trainer.js', fork: () => new UtilityTrainerChild(utility) },
      { type: 'probe' },
      () => undefined,
    );
    await expect(job.finished).rejects.toThrow('Trainer: invalid request');
  });

  it('marks the disconnect message so it cannot be mistaken for a trainer request', () => {
    expect(DISCONNECT_MESSAGE).toEqual({ layerlabBridge: 'disconnect' });
  });
});

describe('desktopTrainerLaunch', () => {
  const hostDir = path.resolve('/opt/LayerLab/resources/app.asar/out/main');

  it('packaged: Electron utility process running trainerUtility.js, never a system node', () => {
    const utilityFork = vi.fn(() => Object.assign(new EventEmitter(), { stderr: null, postMessage: vi.fn(), kill: vi.fn(() => true) }));
    const runs = vi.fn(() => true);
    const launch = desktopTrainerLaunch({
      isPackaged: true,
      hostDir,
      utilityFork: utilityFork as unknown as UtilityFork,
      env: { LAYERLAB_NODE: '/usr/bin/node' },
      runs,
    });
    expect(launch.execPath).toBeUndefined();
    expect(launch.env?.ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(launch.fork).toBeTypeOf('function');
    expect(runs).not.toHaveBeenCalled();

    const child = forkTrainer(launch);
    expect(child).toBeInstanceOf(UtilityTrainerChild);
    expect(utilityFork).toHaveBeenCalledOnce();
    const [modulePath, args, options] = utilityFork.mock.calls[0] as unknown as Parameters<UtilityFork>;
    expect(modulePath).toBe(path.join(hostDir, 'trainerUtility.js'));
    expect(args).toEqual([]);
    expect(options.stdio).toEqual(['ignore', 'inherit', 'pipe']);
    expect((options.env as Record<string, string>).TF_CPP_MIN_LOG_LEVEL).toBe('1');
  });

  it('development: the system node (LAYERLAB_NODE) as before, Electron-as-Node when there is none', () => {
    const utilityFork = vi.fn() as unknown as UtilityFork;
    expect(desktopTrainerLaunch({ isPackaged: false, hostDir, utilityFork, env: { LAYERLAB_NODE: '/usr/bin/node' }, runs: () => true })).toEqual({
      modulePath: path.join(hostDir, 'trainer.js'),
      execPath: '/usr/bin/node',
    });
    expect(desktopTrainerLaunch({ isPackaged: false, hostDir, utilityFork, env: {}, runs: () => false })).toEqual({
      modulePath: path.join(hostDir, 'trainer.js'),
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });
});
