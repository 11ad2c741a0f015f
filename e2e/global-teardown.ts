import { rm } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the server started by global-setup.ts (its whole process group) and removes its LAYERLAB_HOME. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.LAYERLAB_E2E_SERVER_PID);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // exited cleanly
    }
  }
  const home = process.env.LAYERLAB_E2E_HOME;
  if (home && !process.env.LAYERLAB_E2E_KEEP_HOME) await rm(home, { recursive: true, force: true });
}
