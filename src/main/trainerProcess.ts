import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ForkOptions, UtilityProcess } from 'electron';
import type { TrainerFork, TrainerLaunch } from '../node/trainerSupervisor';
import { UtilityTrainerChild } from './parentPortBridge';

/** Electron's `utilityProcess.fork`, passed in so this module needs no running Electron. */
export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess;

export interface TrainerProcessOptions {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** The folder of the built main bundle (out/main), where trainer.js and trainerUtility.js lie. */
  hostDir: string;
  utilityFork: UtilityFork;
  env?: NodeJS.ProcessEnv;
  /** Whether a binary runs (`node --version`); injectable for tests. */
  runs?: (binary: string) => boolean;
}

function binaryRuns(binary: string): boolean {
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts trainerUtility.js as an Electron utility process: Node inside the
 * app's own signed binary, so it works with the RunAsNode fuse off and never
 * depends on whatever `node` is first on PATH. Its stdout goes to the app's,
 * stderr is piped so crashes are reported with their last lines, as with fork.
 */
export function utilityTrainerFork(utilityFork: UtilityFork, hostDir: string): TrainerFork {
  return (_modulePath, options) => {
    const utility = utilityFork(path.join(hostDir, 'trainerUtility.js'), [], {
      env: options.env,
      execArgv: [],
      stdio: ['ignore', 'inherit', 'pipe'],
      serviceName: 'LayerLab trainer',
    });
    utility.on('error', (type, location) => console.error(`LayerLab trainer: ${type} at ${location}`));
    return new UtilityTrainerChild(utility);
  };
}

/**
 * How the desktop app starts its trainer.
 * - Packaged: Electron's utility process (tfjs-node rebuilt for Electron's ABI
 *   by @electron/rebuild at packaging, see docs/electron-security.md); no
 *   system Node, no LAYERLAB_NODE, no ELECTRON_RUN_AS_NODE.
 * - Development (`npm start`, `npm run dev`): unchanged. tfjs-node is compiled
 *   for the Node that ran `npm install`, so the trainer runs under that Node
 *   (LAYERLAB_NODE, default `node`) when it exists; otherwise under Electron's
 *   own Node, where the pure-JS backend still works.
 */
export function desktopTrainerLaunch(options: TrainerProcessOptions): TrainerLaunch {
  const modulePath = path.join(options.hostDir, 'trainer.js');
  if (options.isPackaged) return { modulePath, fork: utilityTrainerFork(options.utilityFork, options.hostDir) };
  const systemNode = (options.env ?? process.env).LAYERLAB_NODE ?? 'node';
  if ((options.runs ?? binaryRuns)(systemNode)) return { modulePath, execPath: systemNode };
  return { modulePath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}
