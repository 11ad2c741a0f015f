/**
 * Entry of the trainer in Electron's utility process (packaged builds; see
 * trainerProcess.ts): bridge `process.parentPort` to the fork-style IPC the
 * trainer uses, then run the unchanged trainer bundle next to this file.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { bridgeParentPort } from './parentPortBridge';

if (!process.parentPort) throw new Error('trainerUtility.js runs only as an Electron utility process');
bridgeParentPort(process as unknown as Parameters<typeof bridgeParentPort>[0], process.parentPort, () => process.exit());
createRequire(__filename)(path.join(__dirname, 'trainer.js'));
