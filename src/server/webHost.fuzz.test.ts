import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiHandlers } from '../shared/contract';
import { CLOSE_TOO_MANY_CONNECTIONS, MAX_CONNECTIONS, MAX_PAYLOAD_BYTES, startWebHost, tokenCookieName, type WebHost } from './webHost';

/**
 * Fault injection against the web host in this process: malformed frames over
 * raw sockets, hostile handshakes and malformed envelopes. Any uncaught error
 * would fail the run (vitest reports it); after every input the host must
 * still answer a valid request, and every refusal must say what was wrong.
 */

let host: WebHost;
let cookie: string;
let wsUrl: string;
let tried = 0;

const handlers = {
  'training.stop': async ({ runId }: { runId: string }) => ({ stopping: runId === 'live' }),
  'system.info': async () => ({ host: 'web', appVersion: '0', platform: 'linux', backend: null, envDataDirs: [] }),
} as unknown as ApiHandlers;

beforeAll(async () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
  host = await startWebHost({ rendererDir, host: '127.0.0.1', port: 0, handlers: () => handlers });
  cookie = `${tokenCookieName(host.port)}=${host.token}`;
  wsUrl = `${host.origin.replace('http', 'ws')}/api`;
});

afterAll(async () => {
  console.log(`webHost fuzz: ${tried} inputs tried, 0 crashes`);
  await host.close();
});

function open(headers: Record<string, string> = { Origin: '', Cookie: '' }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { headers: { ...headers, Origin: headers.Origin || host.origin, Cookie: headers.Cookie || cookie } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
}

async function ask(socket: WebSocket, message: string): Promise<Record<string, unknown>> {
  tried++;
  const reply = nextMessage(socket);
  socket.send(message);
  return reply;
}

/** The host still serves: a fresh authorised socket gets a correct answer. */
async function expectAlive(): Promise<void> {
  const socket = await open();
  const id = Math.floor(Math.random() * 1e9);
  const reply = await ask(socket, JSON.stringify({ kind: 'request', id, method: 'training.stop', input: { runId: 'live' } }));
  tried--; // the probe is not an input
  expect(reply).toEqual({ kind: 'response', id, ok: true, output: { stopping: true } });
  socket.close();
}

/** A raw TCP connection with a hand-written upgrade request; resolves with the status line and the socket. */
function rawUpgrade(headers: Record<string, string>, target = '/api'): Promise<{ socket: Socket; status: number; head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(host.port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const all: Record<string, string> = {
      Host: `127.0.0.1:${host.port}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Version': '13',
      Origin: host.origin,
      Cookie: cookie,
      ...headers,
    };
    const lines = Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`);
    socket.on('error', reject);
    socket.on('data', function onData(chunk: Buffer) {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = buffer.subarray(0, end).toString();
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), head: head + buffer.subarray(end + 4).toString(), rest: buffer.subarray(end + 4) });
    });
    socket.write(`GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** One client frame, masked unless told otherwise; `declared` overrides the length field. */
function clientFrame(opcode: number, payload: Buffer, options: { mask?: boolean; fin?: boolean; rsv?: number; declared?: number } = {}): Buffer {
  const { mask = true, fin = true, rsv = 0, declared = payload.length } = options;
  const first = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  let header: Buffer;
  if (declared < 126) header = Buffer.from([first, (mask ? 0x80 : 0) | declared]);
  else if (declared < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(declared, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(declared), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, masked]);
}

/** Sends raw frames on an upgraded socket and resolves with the close code the host answered (or null if it just hung up). */
async function closeCodeFor(frames: Buffer[], waitMs = 5000): Promise<number | null> {
  tried++;
  const { socket, status, rest } = await rawUpgrade({});
  expect(status).toBe(101);
  return new Promise((resolve) => {
    let buffer = rest;
    const timer = setTimeout(() => finish(null), waitMs);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    const scan = () => {
      // Server frames are unmasked; look for a close frame (opcode 8) among them.
      let at = 0;
      while (at + 2 <= buffer.length) {
        const opcode = buffer[at]! & 0x0f;
        let length = buffer[at + 1]! & 0x7f;
        let offset = at + 2;
        if (length === 126) {
          length = buffer.readUInt16BE(offset);
          offset += 2;
        }
        if (offset + length > buffer.length) return;
        if (opcode === 8) return finish(length >= 2 ? buffer.readUInt16BE(offset) : 1005);
        at = offset + length;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      scan();
    });
    socket.on('close', () => finish(null));
    socket.on('error', () => finish(null));
    for (const f of frames) socket.write(f);
    scan();
  });
}

describe('web host under malformed frames (raw sockets)', () => {
  it('closes only the offending socket, with the right close code, and keeps serving', async () => {
    const cases: Array<[string, Buffer[], number]> = [
      ['invalid UTF-8 in a text frame', [clientFrame(1, Buffer.from([0xff, 0xfe, 0xfd, 0xfc, 0xc3, 0x28, 0xa0, 0xa1]))], 1007],
      ['overlong UTF-8 encoding', [clientFrame(1, Buffer.from([0xc0, 0xaf, 0x7b, 0x7d]))], 1007],
      ['UTF-16 surrogate in UTF-8', [clientFrame(1, Buffer.from([0xed, 0xa0, 0x80]))], 1007],
      ['unmasked client frame', [clientFrame(1, Buffer.from('{}'), { mask: false })], 1002],
      ['RSV1 without an extension', [clientFrame(1, Buffer.from('{}'), { rsv: 4 })], 1002],
      ['RSV2 and RSV3 set', [clientFrame(1, Buffer.from('{}'), { rsv: 3 })], 1002],
      ['fragmented ping', [clientFrame(9, Buffer.from('x'), { fin: false })], 1002],
      ['ping with a 126-byte payload', [clientFrame(9, Buffer.alloc(126, 1))], 1002],
      ['continuation without a first fragment', [clientFrame(0, Buffer.from('{}'))], 1002],
      ['new text frame inside a fragmented message', [clientFrame(1, Buffer.from('{'), { fin: false }), clientFrame(1, Buffer.from('}'))], 1002],
      ['close frame with code 999', [clientFrame(8, Buffer.from([0x03, 0xe7]))], 1002],
      ['close frame with a 1-byte payload', [clientFrame(8, Buffer.from([0x03]))], 1002],
      ['frame declaring 2^40 bytes', [clientFrame(2, Buffer.alloc(0), { declared: 2 ** 40 })], 1009],
      ['frame declaring maxPayload + 1 bytes', [clientFrame(1, Buffer.alloc(0), { declared: MAX_PAYLOAD_BYTES + 1 })], 1009],
      ['64-bit length with the top bit set', [Buffer.concat([Buffer.from([0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1]), randomBytes(4)])], 1009],
    ];
    for (const opcode of [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]) cases.push([`reserved opcode 0x${opcode.toString(16)}`, [clientFrame(opcode, Buffer.from('x'))], 1002]);
    for (const [name, frames, code] of cases) {
      expect(await closeCodeFor(frames), name).toBe(code);
      await expectAlive();
    }
  });

  it('survives random bytes after a valid handshake', async () => {
    for (let i = 0; i < 40; i++) {
      const bytes = randomBytes(1 + (i % 64));
      // Any answer is fine (a close code, or silence waiting for more bytes); the host must not fall over.
      await closeCodeFor([bytes], 200);
    }
    await expectAlive();
  });

  it('answers garbage HTTP with 400 and keeps serving', async () => {
    for (const garbage of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', `GET /${'a'.repeat(20000)} HTTP/1.1\r\n\r\n`, '\x00\x01\x02\r\n\r\n']) {
      tried++;
      const answer = await new Promise<string>((resolve) => {
        const socket = netConnect(host.port, '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
        socket.write(garbage);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
      await expectAlive();
    }
  });
});

describe('web host handshake refusals', () => {
  it('refuses hostile upgrades with a clear status and reason', async () => {
    const evil = `evil.example:${host.port}`;
    const cases: Array<[string, Record<string, string>, string, number, RegExp]> = [
      ['DNS rebinding: foreign Host with matching Origin', { Host: evil, Origin: `http://${evil}` }, '/api', 403, /Host "evil\.example:\d+" is not allowed/],
      ['foreign Host without a port', { Host: 'evil.example', Origin: 'http://evil.example' }, '/api', 403, /not allowed/],
      ['own Host, other Origin', { Origin: 'http://evil.example' }, '/api', 403, /Origin "http:\/\/evil\.example" is not this server/],
      ['own Host, https Origin', { Origin: host.origin.replace('http', 'https') }, '/api', 403, /Origin/],
      ['no Origin', { Origin: '' }, '/api', 403, /Origin ""/],
      ['no token', { Cookie: '' }, '/api', 401, /missing or wrong token/],
      ['wrong token', { Cookie: `${tokenCookieName(host.port)}=${'x'.repeat(32)}` }, '/api', 401, /missing or wrong token/],
      ['token of another length', { Cookie: `${tokenCookieName(host.port)}=short` }, '/api', 401, /missing or wrong token/],
      ['cookie of another port', { Cookie: `${tokenCookieName(host.port + 1)}=${host.token}` }, '/api', 401, /missing or wrong token/],
      ['wrong ?token= on the ws URL', { Cookie: '' }, '/api?token=nope', 401, /missing or wrong token/],
      ['another path', {}, '/other', 404, /No WebSocket at \/other/],
    ];
    for (const [name, headers, target, status, reason] of cases) {
      tried++;
      const answer = await rawUpgrade(headers, target);
      expect(answer.status, name).toBe(status);
      expect(answer.head, name).toMatch(reason);
      answer.socket.destroy();
      await expectAlive();
    }
    // The token in the ws URL's query works without the cookie.
    tried++;
    const byQuery = await rawUpgrade({ Cookie: '' }, `/api?token=${host.token}`);
    expect(byQuery.status).toBe(101);
    byQuery.socket.destroy();
  });

  it(`accepts ${MAX_CONNECTIONS} connections and closes the next with 1013 and a reason`, async () => {
    // Sockets of the tests before have closed by now (or soon): start from none.
    await expect.poll(() => host.connections(), { timeout: 10_000 }).toBe(0);
    const sockets = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open()));
    expect(host.connections()).toBe(MAX_CONNECTIONS);
    for (let i = 0; i < 3; i++) {
      tried++;
      const extra = new WebSocket(wsUrl, { headers: { Origin: host.origin, Cookie: cookie } });
      const closed = await new Promise<{ code: number; reason: string }>((resolve) => extra.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      expect(closed.code).toBe(CLOSE_TOO_MANY_CONNECTIONS);
      expect(closed.reason).toMatch(/Too many connections \(at most 32\)/);
    }
    // The connections already open still work.
    const reply = await ask(sockets[0]!, JSON.stringify({ kind: 'request', id: 1, method: 'training.stop', input: { runId: 'live' } }));
    expect(reply).toMatchObject({ id: 1, ok: true });
    await Promise.all(sockets.map((s) => new Promise((resolve) => (s.once('close', resolve), s.close()))));
    await expectAlive();
  });
});

describe('web host under malformed envelopes', () => {
  it('answers each with a clear error, the id when readable, and keeps serving', async () => {
    const socket = await open();
    const deepArrays = `{"kind":"request","id":21,"method":"training.stop","input":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const deepObjects = `{"kind":"request","id":22,"method":"project.save","input":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}`;
    const cases: Array<[string, string, Record<string, unknown>, RegExp]> = [
      ['200,000 nested arrays', deepArrays, { kind: 'protocol-error', id: 21, code: 'bad-request' }, /nested deeper than 512/],
      ['200,000 nested objects', deepObjects, { kind: 'protocol-error', id: 22, code: 'bad-request' }, /nested deeper than 512/],
      ['deep nesting without an id', '['.repeat(100_000), { kind: 'protocol-error', code: 'bad-request' }, /nested deeper/],
      ['not JSON', 'not json', { kind: 'protocol-error', code: 'bad-request' }, /not JSON/],
      ['empty message', '', { kind: 'protocol-error' }, /not JSON/],
      ['truncated JSON with an id', '{"kind":"request","id":23,"method":"sys', { kind: 'protocol-error', id: 23 }, /not JSON/],
      ['JSON null', 'null', { kind: 'protocol-error', code: 'bad-request' }, /not a request envelope/],
      ['JSON number', '42', { kind: 'protocol-error' }, /not a request envelope/],
      ['JSON array', '[1,2]', { kind: 'protocol-error' }, /not a request envelope/],
      ['envelope without id', '{"kind":"request","method":"training.stop","input":{"runId":"live"}}', { kind: 'protocol-error', field: 'id' }, /id/],
      ['string id', '{"kind":"request","id":"7","method":"training.stop"}', { kind: 'protocol-error', field: 'id' }, /id/],
      ['fractional id', '{"kind":"request","id":1.5,"method":"training.stop"}', { kind: 'protocol-error', field: 'id' }, /id/],
      ['wrong kind', '{"kind":"response","id":24,"method":"training.stop"}', { kind: 'protocol-error', id: 24, field: 'kind' }, /kind/],
      ['numeric method', '{"kind":"request","id":25,"method":7}', { kind: 'response', id: 25, ok: false, error: { code: 'bad-request' } }, /method/],
      ['missing method', '{"kind":"request","id":26}', { kind: 'response', id: 26, ok: false, error: { code: 'bad-request' } }, /method/],
      ['unknown method', '{"kind":"request","id":27,"method":"fs.rm","input":{}}', { id: 27, ok: false, error: { code: 'unknown-method' } }, /fs\.rm/],
      ['__proto__ method', '{"kind":"request","id":28,"method":"__proto__"}', { id: 28, ok: false, error: { code: 'unknown-method' } }, /__proto__/],
      ['input of the wrong type', '{"kind":"request","id":29,"method":"training.stop","input":"live"}', { id: 29, ok: false, error: { code: 'bad-request' } }, /training\.stop/],
      ['field of the wrong type', '{"kind":"request","id":30,"method":"training.stop","input":{"runId":[]}}', { id: 30, ok: false, error: { code: 'bad-request' } }, /runId/],
      ['missing field', '{"kind":"request","id":31,"method":"training.stop","input":{}}', { id: 31, ok: false, error: { code: 'bad-request' } }, /runId/],
      ['extra field on an empty input', '{"kind":"request","id":32,"method":"system.info","input":{"x":1}}', { id: 32, ok: false, error: { code: 'bad-request' } }, /x/],
      ['omitted input', '{"kind":"request","id":33,"method":"system.info"}', { id: 33, ok: true }, /.*/],
      ['null input', '{"kind":"request","id":34,"method":"system.info","input":null}', { id: 34, ok: true }, /.*/],
      ['huge id', '{"kind":"request","id":1e300,"method":"system.info"}', { kind: 'protocol-error', field: 'id' }, /id/],
      ['lone surrogate escapes', '{"kind":"request","id":35,"method":"\\ud800"}', { id: 35, ok: false, error: { code: 'unknown-method' } }, /Unknown method/],
    ];
    for (const [name, text, expected, message] of cases) {
      const reply = await ask(socket, text);
      expect(reply, name).toMatchObject(expected);
      const said = String(reply.message ?? (reply.error as { message?: string } | undefined)?.message ?? '');
      if (reply.ok !== true) expect(said, name).toMatch(message);
    }
    socket.close();
    await expectAlive();
  });

  it('answers a seeded stream of random envelopes, one reply each', async () => {
    let seed = 20261201;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    const values: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, '', 'x', 'training.stop', 'system.info', [], {}, { runId: 'live' }, { runId: 1 }, [[[]]], '\u0000', '\ud83d\ude00'];
    const socket = await open();
    for (let i = 0; i < 300; i++) {
      const envelope: Record<string, unknown> = {};
      for (const key of ['kind', 'id', 'method', 'input', pick(['extra', '__proto__', 'constructor'])]) {
        if (rand() < 0.8) envelope[key] = key === 'kind' && rand() < 0.7 ? 'request' : key === 'id' && rand() < 0.7 ? i : pick(values);
      }
      const text = rand() < 0.1 ? JSON.stringify(envelope).slice(0, Math.floor(rand() * 40)) : JSON.stringify(envelope);
      const reply = await ask(socket, text);
      expect(['response', 'protocol-error'], text).toContain(reply.kind);
      if (reply.kind === 'response') expect(reply.id).toBe(envelope.id);
      if (reply.kind === 'response' && reply.ok === false) expect((reply.error as { code: string }).code).toMatch(/^(bad-request|unknown-method|not-found)$/);
    }
    socket.close();
    await expectAlive();
  });
});
