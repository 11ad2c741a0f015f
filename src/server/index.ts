import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../node/backend';
import { appVersion } from '../node/appVersion';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { startWebHost, type WebHost } from './webHost';

/** `npm run serve`: the same backend as the desktop app, for a browser on this machine. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '5178' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`);

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
  });
  console.log(`LayerLab web UI: ${host.url}`);
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
