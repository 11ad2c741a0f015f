import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { AnyEvent, ApiHandlers } from '../shared/contract';
import { containsTypedArray, encodeFrame } from '../shared/binaryFrames';
import { dispatch } from '../shared/dispatch';
import { contentSecurityPolicy } from '../shared/csp';

/** Bytes already queued for a client above which its layer-image events are skipped. */
const MAX_BUFFERED_IMAGE_BYTES = 8 * 1024 * 1024;

export const API_PATH = '/api';

const RequestEnvelopeSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int(),
  method: z.string(),
  input: z.unknown(),
});

/** Only pages this server served may talk to it: a site in another tab must not read or write projects. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  return typeof origin === 'string' && typeof host === 'string' && origin === `http://${host}`;
}

/** JSON text, or one binary frame when the message holds typed arrays (layer images). */
function frame(message: object): string | Uint8Array {
  return containsTypedArray(message) ? encodeFrame(message) : JSON.stringify(message);
}

export interface WebHost {
  url: string;
  server: Server;
  broadcast(event: AnyEvent): void;
  close(): Promise<void>;
}

export async function startWebHost(options: {
  rendererDir: string;
  host: string;
  port: number;
  handlers: () => ApiHandlers;
}): Promise<WebHost> {
  const serveStatic = sirv(options.rendererDir, {
    dev: false,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy());
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
    },
  });
  const server = createServer((req, res) => {
    serveStatic(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
  const sockets = new WebSocketServer({
    server,
    path: API_PATH,
    maxPayload: 256 * 1024 * 1024,
    verifyClient: ({ req }: { req: IncomingMessage }) => sameOrigin(req),
  });

  sockets.on('connection', (socket: WebSocket) => {
    socket.on('message', async (data) => {
      let envelope: z.infer<typeof RequestEnvelopeSchema>;
      try {
        const parsed = RequestEnvelopeSchema.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) throw new Error('not a request envelope');
        envelope = parsed.data;
      } catch (error) {
        socket.send(JSON.stringify({ kind: 'protocol-error', message: `Rejected message: ${String(error)}` }));
        return;
      }
      const result = await dispatch(options.handlers(), envelope.method, envelope.input);
      if (socket.readyState !== socket.OPEN) return;
      try {
        socket.send(frame({ kind: 'response', id: envelope.id, ...result }));
      } catch (error) {
        // An answer too large to encode must not take the host down: the caller gets an error instead.
        const message = `The answer to ${envelope.method} could not be sent: ${error instanceof Error ? error.message : String(error)}`;
        socket.send(JSON.stringify({ kind: 'response', id: envelope.id, ok: false, error: { code: 'internal', message } }));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/`,
    server,
    broadcast(event) {
      let message: string | Uint8Array;
      try {
        message = frame({ kind: 'event', ...event });
      } catch {
        return;
      }
      // Layer images come several a second; a client that cannot keep up misses some rather than growing the host's buffers.
      const droppable = event.event === 'training.activations';
      for (const client of sockets.clients) {
        if (client.readyState !== client.OPEN) continue;
        if (droppable && client.bufferedAmount > MAX_BUFFERED_IMAGE_BYTES) continue;
        client.send(message);
      }
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
