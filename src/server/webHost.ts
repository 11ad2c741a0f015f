import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { AnyEvent, ApiHandlers } from '../shared/contract';
import { containsTypedArray, encodeFrame } from '../shared/binaryFrames';
import { dispatch } from '../shared/dispatch';
import { contentSecurityPolicy } from '../shared/csp';
import { formatZodError } from '../shared/zodMessages';
import { jsonNestingDepth } from '../engine/jsonDepth';

/** Bytes already queued for a client above which its layer-image events are skipped. */
const MAX_BUFFERED_IMAGE_BYTES = 8 * 1024 * 1024;

export const API_PATH = '/api';

/**
 * The largest message a client may send. The largest real request is
 * `playground.predict` from "Test-set mistakes": 400 CIFAR-10 images of
 * 32x32x3 values in [0, 1] as JSON numbers (about 20 characters each), close to
 * 25 MB. A `project.save` is smaller: runs keep at most 4,000 batch points each
 * and weights are not sent. 64 MiB leaves more than twice that headroom while
 * refusing a frame that declares gigabytes before any of it is buffered.
 */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** One browser tab holds one socket; 32 covers many tabs and stops a loop of connections. */
export const MAX_CONNECTIONS = 32;

/**
 * Arrays and objects nested deeper than this are refused before JSON.parse: a
 * real request (a project with its graph and runs) nests fewer than 20 levels,
 * and deeper values would overflow the stack of whatever walks them later.
 */
export const MAX_JSON_DEPTH = 512;

/** WebSocket close code 1013 "Try Again Later": the connection cap is reached. */
export const CLOSE_TOO_MANY_CONNECTIONS = 1013;

const RequestEnvelopeSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  method: z.string(),
  // Methods without input may leave it out; dispatch reads an absent input as {}.
  input: z.unknown().optional(),
});

type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

/** The cookie that carries the token: named by port, since browsers share cookies between ports of one host. */
export function tokenCookieName(port: number): string {
  return `layerlab-token-${port}`;
}

/** A fresh url-safe secret for one launch of the server. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True for addresses only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK.has(address.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(address);
}

function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '[::]' || address === '';
}

/** `::1` in a URL or Host header is `[::1]`. */
function hostForUrl(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/**
 * Host header values this server answers: its bound address, localhost,
 * 127.0.0.1 and [::1], with its port. A server bound to every interface also
 * answers its interfaces' addresses and the machine's name. Anything else (a
 * DNS-rebinding name such as evil.example) is refused.
 */
export function allowedHosts(bound: string, port: number): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', hostForUrl(bound.toLowerCase())]);
  if (isWildcardAddress(bound)) {
    names.add(os.hostname().toLowerCase());
    for (const list of Object.values(os.networkInterfaces())) {
      for (const entry of list ?? []) names.add(hostForUrl(entry.address.toLowerCase()));
    }
  }
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The first integer `id` of a message that could not be parsed, when it is written the way clients write it. */
function idFromText(text: string): number | undefined {
  const match = /^\s*\{\s*(?:"kind"\s*:\s*"request"\s*,\s*)?"id"\s*:\s*(-?\d{1,15})\s*[,}]/.exec(text);
  return match ? Number(match[1]) : undefined;
}

type Parsed =
  | { ok: true; envelope: RequestEnvelope }
  | { ok: false; id?: number; code: 'bad-request'; field?: string; message: string; respond: boolean };

/** Reads one client message; a refusal says which field is wrong and carries the request id whenever one can be read. */
export function parseRequest(data: RawData): Parsed {
  // Binary frames are read as UTF-8 text too (invalid sequences become U+FFFD); ws has already checked text frames.
  const text = (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
  if (jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, id: idFromText(text), code: 'bad-request', message: `Rejected message: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, respond: false };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, id: idFromText(text), code: 'bad-request', message: `Rejected message: not JSON (${reason})`, respond: false };
  }
  const parsed = RequestEnvelopeSchema.safeParse(value);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const id = record && Number.isSafeInteger(record.id) ? (record.id as number) : undefined;
  const field = parsed.error.issues[0]?.path.join('.') || undefined;
  return {
    ok: false,
    id,
    code: 'bad-request',
    field,
    message: `Rejected message: not a request envelope: ${formatZodError(parsed.error)}`,
    // A request with a readable id gets a response to it, so the caller's promise fails rather than waits.
    respond: id !== undefined && record?.kind === 'request',
  };
}

/** JSON text, or one binary frame when the message holds typed arrays (layer images). */
function frame(message: object): string | Uint8Array {
  return containsTypedArray(message) ? encodeFrame(message) : JSON.stringify(message);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  if (socket.writable) {
    const body = `${message}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function sendText(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${message}\n`);
}

export interface WebHostOptions {
  rendererDir: string;
  host: string;
  port: number;
  handlers: () => ApiHandlers;
  /** The secret a browser must present; a fresh one when absent; null turns it off (loopback only). */
  token?: string | null;
  maxConnections?: number;
  maxPayload?: number;
  /** Problems worth a line in the server's log (socket errors, refused connections). */
  warn?: (message: string) => void;
}

export interface WebHost {
  /** The address to open, with `?token=` when a token is required. */
  url: string;
  /** `http://host:port` without a path. */
  origin: string;
  port: number;
  token: string | null;
  server: Server;
  /** WebSockets open now, refused ones still closing included. */
  connections(): number;
  broadcast(event: AnyEvent): void;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token === undefined ? generateToken() : options.token;
  if (token === null && !isLoopbackAddress(options.host)) {
    throw new Error(`Refusing to serve ${options.host} without a token: only a loopback address may run with --no-token`);
  }
  if (token !== null && !/^[A-Za-z0-9_-]{16,}$/.test(token)) {
    throw new Error('The token must be at least 16 characters of letters, digits, _ and -');
  }
  const maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const warn = options.warn ?? (() => {});
  // Known once listening; until then no request is answered.
  let port = 0;
  let hosts = new Set<string>();
  const cookieName = () => tokenCookieName(port);

  const hostAllowed = (req: IncomingMessage) => {
    const value = req.headers.host;
    return typeof value === 'string' && hosts.has(value.toLowerCase());
  };
  const authorized = (req: IncomingMessage, url: URL) =>
    token === null || sameToken(readCookie(req.headers.cookie, cookieName()), token) || sameToken(url.searchParams.get('token'), token);

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
    if (!hostAllowed(req)) {
      sendText(res, 403, `Forbidden: this LayerLab server does not answer for Host ${JSON.stringify(req.headers.host ?? '')}; open it at ${hostForUrl(options.host)}:${port}, localhost:${port} or 127.0.0.1:${port}`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const given = url.searchParams.get('token');
    if (given !== null && token !== null) {
      if (!sameToken(given, token)) {
        sendText(res, 401, 'Unauthorized: wrong token; use the URL that `npm run serve` printed');
        return;
      }
      // Jupyter-style: the token becomes a cookie for this port and leaves the address bar.
      url.searchParams.delete('token');
      sendText(res, 302, 'Signed in', {
        'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      return;
    }
    if (url.pathname === API_PATH || url.pathname.startsWith(`${API_PATH}/`)) {
      if (!authorized(req, url)) sendText(res, 401, 'Unauthorized: missing or wrong token; open the URL that `npm run serve` printed');
      else sendText(res, 426, `Upgrade Required: ${API_PATH} speaks WebSocket`, { Upgrade: 'websocket' });
      return;
    }
    serveStatic(req, res, () => sendText(res, 404, 'Not found'));
  });
  // A malformed request line or header gets 400 on its own socket; nothing reaches the process.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET' && socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? MAX_PAYLOAD_BYTES });
  sockets.on('error', (error) => warn(`WebSocket server error: ${error.message}`));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, 'Not Found', `No WebSocket at ${url.pathname}; use ${API_PATH}`);
    if (!hostAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden', `Forbidden: Host ${JSON.stringify(req.headers.host ?? '')} is not allowed`);
    // Only pages this server served may talk to it: a site in another tab must not read or write projects.
    if (req.headers.origin !== `http://${req.headers.host}`) {
      return refuseUpgrade(socket, 403, 'Forbidden', `Forbidden: Origin ${JSON.stringify(req.headers.origin ?? '')} is not this server`);
    }
    if (!authorized(req, url)) {
      return refuseUpgrade(socket, 401, 'Unauthorized', 'Unauthorized: missing or wrong token; open the URL that `npm run serve` printed');
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      if (sockets.clients.size > maxConnections) {
        warn(`Refused a WebSocket: already ${maxConnections} connections`);
        ws.close(CLOSE_TOO_MANY_CONNECTIONS, `Too many connections (at most ${maxConnections}); close other LayerLab tabs`);
        return;
      }
      sockets.emit('connection', ws, req);
    });
  });

  sockets.on('connection', (socket: WebSocket) => {
    // Protocol errors (invalid UTF-8, reserved opcodes, oversized frames) close this socket with their code; the process carries on.
    socket.on('error', (error) => warn(`Closed a WebSocket: ${error.message}`));
    socket.on('message', (data) => {
      void answer(socket, data).catch((error: unknown) => warn(`Could not answer a request: ${String(error)}`));
    });
  });

  const send = (socket: WebSocket, message: string | Uint8Array) => {
    if (socket.readyState === socket.OPEN) socket.send(message);
  };

  async function answer(socket: WebSocket, data: RawData): Promise<void> {
    const parsed = parseRequest(data);
    if (!parsed.ok) {
      const error = { code: parsed.code, message: parsed.message, ...(parsed.field ? { field: parsed.field } : {}) };
      if (parsed.respond) send(socket, JSON.stringify({ kind: 'response', id: parsed.id, ok: false, error: { code: error.code, message: error.message } }));
      else send(socket, JSON.stringify({ kind: 'protocol-error', ...(parsed.id !== undefined ? { id: parsed.id } : {}), ...error }));
      return;
    }
    const { id, method, input } = parsed.envelope;
    let result: Awaited<ReturnType<typeof dispatch>>;
    try {
      result = await dispatch(options.handlers(), method, input);
    } catch (error) {
      result = { ok: false, error: { code: 'internal', message: `${method}: ${error instanceof Error ? error.message : String(error)}` } };
    }
    if (socket.readyState !== socket.OPEN) return;
    try {
      socket.send(frame({ kind: 'response', id, ...result }));
    } catch (error) {
      // An answer too large to encode must not take the host down: the caller gets an error instead.
      const message = `The answer to ${method} could not be sent: ${error instanceof Error ? error.message : String(error)}`;
      send(socket, JSON.stringify({ kind: 'response', id, ok: false, error: { code: 'internal', message } }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => warn(`HTTP server error: ${error.message}`));
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(options.host, port);
  const origin = `http://${hostForUrl(isWildcardAddress(options.host) ? '127.0.0.1' : options.host)}:${port}`;
  return {
    url: token === null ? `${origin}/` : `${origin}/?token=${token}`,
    origin,
    port,
    token,
    server,
    connections: () => sockets.clients.size,
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
