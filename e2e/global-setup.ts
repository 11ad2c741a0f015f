import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cifarJpegBatchesDir, hasCifarJpegs } from '../test/cifarData';

const repoRoot = path.resolve(__dirname, '..');
/** `LayerLab web UI: http://127.0.0.1:PORT/?token=SECRET`: opening that URL sets the token cookie and drops the token from the address. */
const URL_LINE = /LayerLab web UI: (http:\/\/\S+)/;
const START_TIMEOUT_MS = 60_000;

/**
 * Builds the app if stale, then starts `node out/main/server.js --port 0` with a
 * fresh LAYERLAB_HOME and the shared datasets. The server prints the real port;
 * its URL and home reach the tests through process.env (workers inherit it).
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'ensure-built.mjs')], { cwd: repoRoot, stdio: 'inherit' });

  const home = await mkdtemp(path.join(os.tmpdir(), 'layerlab-e2e-'));
  const sharedDatasets = path.resolve(process.env.LAYERLAB_TEST_DATA ?? path.join(repoRoot, '..', 'shared', 'datasets'));
  // A LAYERLAB_DATA_DIR of the caller's (e.g. CIFAR-10 batches converted by scripts/cifar-from-jpeg.mjs) is searched first.
  const ownDirs = (process.env.LAYERLAB_DATA_DIR ?? '').split(path.delimiter).filter(Boolean);
  // CIFAR-10 in its official binary format, converted once from the shared lossy JPEGs (no test batch is shared),
  // ahead of the shared root so that training reads 1,000 converted images rather than the exact first 200.
  const cifar = hasCifarJpegs() ? [cifarJpegBatchesDir()] : [];
  const dataDirs = [...ownDirs, ...cifar, path.join(sharedDatasets, 'mnist'), sharedDatasets, '/usr/share/datasets'].join(path.delimiter);

  const artifacts = path.join(__dirname, 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  const log = createWriteStream(path.join(artifacts, 'server.log'));

  const server = spawn(process.execPath, [path.join(repoRoot, 'out', 'main', 'server.js'), '--port', '0', '--host', '127.0.0.1'], {
    cwd: repoRoot,
    env: { ...process.env, LAYERLAB_HOME: home, LAYERLAB_DATA_DIR: dataDirs },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so teardown also ends the trainer processes it spawned.
    detached: true,
  });
  server.stderr.pipe(log);

  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`no "LayerLab web UI:" line within ${START_TIMEOUT_MS} ms; stdout so far:\n${seen}`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      try {
        process.kill(-server.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`The LayerLab server did not start: ${error.message} (see e2e/artifacts/server.log)`));
    };
    server.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      const match = URL_LINE.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.once('error', fail);
    server.once('exit', (code, signal) => fail(new Error(`exited early (code ${code}, signal ${signal})`)));
  });
  server.removeAllListeners('exit');
  server.removeAllListeners('error');
  // Keep draining stdout into the log; the setup process must not wait on the server.
  server.unref();

  process.env.LAYERLAB_E2E_URL = url;
  process.env.LAYERLAB_E2E_TOKEN = new URL(url).searchParams.get('token') ?? '';
  process.env.LAYERLAB_E2E_HOME = home;
  process.env.LAYERLAB_E2E_DATA_DIRS = dataDirs;
  process.env.LAYERLAB_E2E_SERVER_PID = String(server.pid);
  console.log(`[e2e] LayerLab server ${url.replace(/token=[^&]+/, 'token=…')} (pid ${server.pid}), LAYERLAB_HOME=${home}`);
}
