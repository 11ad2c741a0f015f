import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame } from '../shared/binaryFrames';
import { parseEvent } from '../shared/client';
import type { ApiHandlers } from '../shared/contract';
import { startWebHost, tokenCookieName, type WebHost } from './webHost';

let host: WebHost;
let origin: string;
/** The token cookie a browser holds after opening the printed URL. */
let cookie: string;
let rendererDir: string;
const handlers = {
  'training.stop': async ({ runId }: { runId: string }) => ({ stopping: runId === 'live' }),
  'system.info': async () => ({ host: 'web', appVersion: '0', platform: 'linux', backend: null, envDataDirs: [] }),
} as unknown as ApiHandlers;

beforeAll(async () => {
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
  host = await startWebHost({ rendererDir, host: '127.0.0.1', port: 0, handlers: () => handlers });
  origin = host.origin;
  cookie = `${tokenCookieName(host.port)}=${host.token}`;
});

afterAll(() => host.close());

/** A plain HTTP GET with any Host header (fetch would not let a test set one). */
function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/api${query}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body.trim()}`)));
    });
  });
}

function request(socket: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('web host', () => {
  it('serves the UI with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${origin}/index.html`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('refuses WebSocket connections from other origins', async () => {
    await expect(connect({ Origin: 'http://evil.example', Cookie: cookie })).rejects.toThrow(/HTTP 403: Forbidden: Origin/);
    await expect(connect({ Cookie: cookie })).rejects.toThrow(/HTTP 403/);
  });

  it('prints a URL with a fresh url-safe token', async () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    const other = await startWebHost({ rendererDir, host: '127.0.0.1', port: 0, handlers: () => handlers });
    expect(other.token).not.toBe(host.token);
    await other.close();
  });

  it('trades a valid ?token= for an HttpOnly SameSite=Strict cookie named by port, and redirects without it', async () => {
    const signIn = await get(`/index.html?token=${host.token}&x=1`, { Host: `127.0.0.1:${host.port}` });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.location).toBe('/index.html?x=1');
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toContain(`${tokenCookieName(host.port)}=${host.token}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const wrong = await get('/?token=not-the-token', { Host: `127.0.0.1:${host.port}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatch(/wrong token/);
  });

  it('serves static files without the token but not the API', async () => {
    expect((await get('/index.html', { Host: `localhost:${host.port}` })).status).toBe(200);
    const api = await get('/api', { Host: `localhost:${host.port}` });
    expect(api.status).toBe(401);
    expect(api.body).toMatch(/missing or wrong token/);
    expect((await get('/api', { Host: `localhost:${host.port}`, Cookie: cookie })).status).toBe(426);
  });

  it('answers only its own Host names (no DNS rebinding)', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
      expect((await get('/index.html', { Host: `${name}:${host.port}` })).status).toBe(200);
    }
    for (const bad of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `localhost.evil.example:${host.port}`]) {
      const response = await get('/index.html', { Host: bad });
      expect(response.status, bad).toBe(403);
      expect(response.body).toMatch(/does not answer for Host/);
    }
    const evil = `evil.example:${host.port}`;
    await expect(connect({ Host: evil, Origin: `http://${evil}`, Cookie: cookie })).rejects.toThrow(/HTTP 403: Forbidden: Host/);
  });

  it('requires the token cookie or ?token= for the WebSocket', async () => {
    await expect(connect({ Origin: origin })).rejects.toThrow(/HTTP 401: Unauthorized: missing or wrong token/);
    await expect(connect({ Origin: origin, Cookie: `${tokenCookieName(host.port)}=wrong` })).rejects.toThrow(/HTTP 401/);
    // Browsers send cookies of every port of a host: another server's cookie is not this one's.
    await expect(connect({ Origin: origin, Cookie: `${tokenCookieName(host.port + 1)}=${host.token}` })).rejects.toThrow(/HTTP 401/);
    const byQuery = await connect({ Origin: origin }, `?token=${host.token}`);
    const reply = await request(byQuery, { kind: 'request', id: 3, method: 'training.stop', input: { runId: 'live' } });
    expect(reply).toMatchObject({ id: 3, ok: true });
    byQuery.close();
    const withOthers = await connect({ Origin: origin, Cookie: `a=b; ${cookie}; c=d` });
    withOthers.close();
  });

  it('runs without a token only on loopback', async () => {
    await expect(startWebHost({ rendererDir, host: '0.0.0.0', port: 0, token: null, handlers: () => handlers })).rejects.toThrow(/without a token/);
    const open = await startWebHost({ rendererDir, host: '127.0.0.1', port: 0, token: null, handlers: () => handlers });
    expect(open.url).toBe(`${open.origin}/`);
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${open.origin.replace('http', 'ws')}/api`, { headers: { Origin: open.origin } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
    socket.close();
    await open.close();
    const fixed = await startWebHost({ rendererDir, host: '127.0.0.1', port: 0, token: 'a-fixed-token-of-some-length', handlers: () => handlers });
    expect(fixed.url).toBe(`${fixed.origin}/?token=a-fixed-token-of-some-length`);
    await fixed.close();
  });

  it('accepts a request that leaves out an optional input', async () => {
    const socket = await connect({ Origin: origin, Cookie: cookie });
    const reply = await request(socket, { kind: 'request', id: 4, method: 'system.info' });
    expect(reply).toMatchObject({ kind: 'response', id: 4, ok: true, output: { host: 'web' } });
    socket.close();
  });

  it('answers contract requests from its own origin', async () => {
    const socket = await connect({ Origin: origin, Cookie: cookie });
    const reply = await request(socket, { kind: 'request', id: 7, method: 'training.stop', input: { runId: 'live' } });
    expect(reply).toEqual({ kind: 'response', id: 7, ok: true, output: { stopping: true } });
    socket.close();
  });

  it('rejects unknown methods and malformed messages explicitly', async () => {
    const socket = await connect({ Origin: origin, Cookie: cookie });
    const unknown = await request(socket, { kind: 'request', id: 1, method: 'shell.exec', input: {} });
    expect(unknown).toMatchObject({ id: 1, ok: false, error: { code: 'unknown-method' } });
    const garbage = await request(socket, 'not json');
    expect(garbage).toMatchObject({ kind: 'protocol-error' });
    const wrongShape = await request(socket, { kind: 'request', id: 'x' });
    expect(wrongShape).toMatchObject({ kind: 'protocol-error', code: 'bad-request', field: 'id' });
    // A readable id gets an answer to that request, naming the wrong field.
    const noMethod = await request(socket, { kind: 'request', id: 12, method: 42 });
    expect(noMethod).toMatchObject({ kind: 'response', id: 12, ok: false, error: { code: 'bad-request' } });
    expect((noMethod.error as { message: string }).message).toMatch(/method/);
    const badInput = await request(socket, { kind: 'request', id: 13, method: 'training.stop', input: { runId: 5 } });
    expect(badInput).toMatchObject({ id: 13, ok: false, error: { code: 'bad-request' } });
    expect((badInput.error as { message: string }).message).toMatch(/runId/);
    const truncated = await request(socket, '{"kind":"request","id":14,"method":"training.st');
    expect(truncated).toMatchObject({ kind: 'protocol-error', id: 14, code: 'bad-request' });
    expect(truncated.message).toMatch(/not JSON/);
    socket.close();
  });

  it('broadcasts events to connected clients', async () => {
    const socket = await connect({ Origin: origin, Cookie: cookie });
    const received = new Promise((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    host.broadcast({ event: 'dataset.progress', payload: { datasetId: 'mnist', file: 'f', receivedBytes: 1, totalBytes: 2 } });
    await expect(received).resolves.toMatchObject({ kind: 'event', event: 'dataset.progress' });
    socket.close();
  });

  it('sends events with layer images as one binary frame that parses against the contract', async () => {
    const socket = await connect({ Origin: origin, Cookie: cookie });
    const received = new Promise<{ data: Buffer; binary: boolean }>((resolve) => socket.once('message', (data, binary) => resolve({ data: data as Buffer, binary })));
    const data = Uint8Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => (i * 11) % 256);
    const payload = { runId: 'r', epoch: 1, step: 50, samples: [0, 1], words: {}, layers: [{ layer: 'conv2d_1', kind: 'Conv2D', shape: [2, 4, 4, 3], min: -1, max: 2, data }] };
    host.broadcast({ event: 'training.activations', payload });
    const message = await received;
    expect(message.binary).toBe(true);
    const parsed = parseEvent(decodeFrame(message.data));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.event.event).toBe('training.activations');
    const layer = (parsed.event.payload as typeof payload).layers[0]!;
    expect(layer.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(layer.data)).toEqual(Array.from(data));
    socket.close();
  });
});
