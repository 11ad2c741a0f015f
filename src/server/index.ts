import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../node/backend';
import { describeHousekeeping } from '../node/storageSweep';
import { appVersion } from '../node/appVersion';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { isLoopbackAddress, startWebHost, type WebHost } from './webHost';

/** `npm run serve`: the same backend as the desktop app, for a browser on this machine. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '5178' },
      host: { type: 'string', default: '127.0.0.1' },
      /** Fixes the secret instead of a fresh one per launch (also LAYERLAB_TOKEN). */
      token: { type: 'string' },
      /** Loopback only: no token at all (any local user or process can then use the API). */
      'no-token': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`);

  const fixedToken = values.token ?? (process.env.LAYERLAB_TOKEN || undefined);
  const loopback = isLoopbackAddress(values.host);
  if (values['no-token'] && !loopback) {
    throw new Error(`--no-token: not allowed with --host ${values.host}; anything but a loopback address always requires the token`);
  }
  if (values['no-token'] && fixedToken !== undefined) throw new Error('--no-token and --token (or LAYERLAB_TOKEN) contradict each other');
  if (!loopback) {
    console.error(
      `Warning: serving on ${values.host}, which other machines may reach. Anyone with the URL and its token can read and write ` +
        'projects and start training on this machine; share it only over a network you trust.',
    );
  }

  let host: WebHost | null = null;
  const backend = createBackend({
    host: 'web',
    appVersion: appVersion(),
    trainer: resolveTrainerLaunch(__dirname),
    emit: (event) => host?.broadcast(event),
  });
  host = await startWebHost({
    rendererDir: path.join(__dirname, '..', 'renderer'),
    host: values.host,
    port,
    handlers: () => backend.handlers,
    token: values['no-token'] ? null : fixedToken,
    warn: (message) => console.error(message),
  });
  console.log(`LayerLab web UI: ${host.url}`);
  void backend.housekeeping.then((report) => {
    const line = describeHousekeeping(report);
    if (line) console.log(line);
  });
  backend.training.probeBackend().then(
    (info) => console.log(`Training backend: ${info.name}${info.native ? '' : ' (not native)'}: ${info.detail}`),
    (error: unknown) => console.error(`Could not start the trainer: ${String(error)}`),
  );
  const shutdown = () => {
    // Playground sessions are trainer processes of their own: end them with the host.
    backend.playground.closeAll();
    void host?.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
