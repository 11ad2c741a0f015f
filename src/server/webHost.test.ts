import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame } from '../shared/binaryFrames';
import { parseEvent } from '../shared/client';
import type { ApiHandlers } from '../shared/contract';
import { startWebHost, type WebHost } from './webHost';

let host: WebHost;
let origin: string;

beforeAll(async () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
  const handlers = { 'training.stop': async ({ runId }: { runId: string }) => ({ stopping: runId === 'live' }) } as unknown as ApiHandlers;
  host = await startWebHost({ rendererDir, host: '127.0.0.1', port: 0, handlers: () => handlers });
  origin = host.url.replace(/\/$/, '');
});

afterAll(() => host.close());

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/api`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
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
    await expect(connect({ Origin: 'http://evil.example' })).rejects.toThrow(/401|403|HTTP/);
    await expect(connect({})).rejects.toThrow();
  });

  it('answers contract requests from its own origin', async () => {
    const socket = await connect({ Origin: origin });
    const reply = await request(socket, { kind: 'request', id: 7, method: 'training.stop', input: { runId: 'live' } });
    expect(reply).toEqual({ kind: 'response', id: 7, ok: true, output: { stopping: true } });
    socket.close();
  });

  it('rejects unknown methods and malformed messages explicitly', async () => {
    const socket = await connect({ Origin: origin });
    const unknown = await request(socket, { kind: 'request', id: 1, method: 'shell.exec', input: {} });
    expect(unknown).toMatchObject({ id: 1, ok: false, error: { code: 'unknown-method' } });
    const garbage = await request(socket, 'not json');
    expect(garbage).toMatchObject({ kind: 'protocol-error' });
    const wrongShape = await request(socket, { kind: 'request', id: 'x' });
    expect(wrongShape).toMatchObject({ kind: 'protocol-error' });
    socket.close();
  });

  it('broadcasts events to connected clients', async () => {
    const socket = await connect({ Origin: origin });
    const received = new Promise((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    host.broadcast({ event: 'dataset.progress', payload: { datasetId: 'mnist', file: 'f', receivedBytes: 1, totalBytes: 2 } });
    await expect(received).resolves.toMatchObject({ kind: 'event', event: 'dataset.progress' });
    socket.close();
  });

  it('sends events with layer images as one binary frame that parses against the contract', async () => {
    const socket = await connect({ Origin: origin });
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
