import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TrainerLaunch } from './trainerSupervisor';

/**
 * The built trainer sits next to the host's own bundle (out/main/trainer.js).
 * Run from source (tests, `tsx`), the TypeScript entry is started under tsx.
 */
export function resolveTrainerLaunch(hostDir: string): TrainerLaunch {
  const built = path.join(hostDir, 'trainer.js');
  if (existsSync(built)) return { modulePath: built };
  const source = path.resolve(hostDir, '..', 'trainer', 'index.ts');
  if (existsSync(source)) return { modulePath: source, execArgv: ['--import', 'tsx'] };
  throw new Error(`Trainer not found: neither ${built} nor ${source} exists; run \`npm run build\``);
}
