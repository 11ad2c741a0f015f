import { describe, expect, it } from 'vitest';
import { mlpMnistTemplate } from '../engine/templates';
import { createApiClient, parseEvent, type Transport } from './client';
import { ApiError, type ApiHandlers } from './contract';
import { dispatch } from './dispatch';

/** Handlers that fail loudly if a test reaches one it did not mean to. */
function handlers(overrides: Partial<ApiHandlers>): ApiHandlers {
  return new Proxy(overrides as ApiHandlers, {
    get(target, key: string) {
      return target[key as keyof ApiHandlers] ?? (() => Promise.reject(new Error(`unexpected call to ${key}`)));
    },
  });
}

describe('dispatch (host side of the boundary)', () => {
  it('rejects unknown methods with an explicit error', async () => {
    const result = await dispatch(handlers({}), 'fs.readFile', { path: '/etc/passwd' });
    expect(result).toEqual({ ok: false, error: { code: 'unknown-method', message: 'Unknown method "fs.readFile"' } });
  });

  it('rejects invalid input and names the field', async () => {
    const result = await dispatch(handlers({}), 'project.open', { path: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad-request');
      expect(result.error.message).toContain('project.open');
      expect(result.error.message).toContain('path');
    }
  });

  it('passes parsed input with defaults to the handler and returns its output', async () => {
    let seen: unknown;
    const result = await dispatch(
      handlers({
        'dataset.preview': async (input) => {
          seen = input;
          return { kind: 'image' as const, id: 'mnist', split: input.split, rows: 1, cols: 1, channels: 1, labels: [3], classNames: ['0'], pixelsBase64: 'AA==' };
        },
      }),
      'dataset.preview',
      { id: 'mnist' },
    );
    expect(seen).toEqual({ id: 'mnist', split: 'train', count: 100 });
    expect(result).toMatchObject({ ok: true, output: { labels: [3] } });
  });

  it('keeps ApiError codes and turns other errors into internal ones', async () => {
    const busy = await dispatch(
      handlers({ 'training.stop': () => Promise.reject(new ApiError('busy', 'still training')) }),
      'training.stop',
      { runId: 'r1' },
    );
    expect(busy).toEqual({ ok: false, error: { code: 'busy', message: 'still training' } });
    const crash = await dispatch(handlers({ 'training.stop': () => Promise.reject(new Error('boom')) }), 'training.stop', { runId: 'r1' });
    expect(crash).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });

  it('refuses to send a response that breaks the contract', async () => {
    const result = await dispatch(
      handlers({ 'training.stop': async () => ({ stopping: 'yes' }) as unknown as { stopping: boolean } }),
      'training.stop',
      { runId: 'r1' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
  it('reads an omitted or null input as {} for methods that take none', async () => {
    const info = { host: 'web' as const, appVersion: '0', platform: 'linux', backend: null, envDataDirs: [] };
    for (const input of [undefined, null]) {
      expect(await dispatch(handlers({ 'system.info': async () => info }), 'system.info', input)).toEqual({ ok: true, output: info });
    }
  });

  it('names a method that is not a string as a bad request', async () => {
    const result = await dispatch(handlers({}), 42, {});
    expect(result).toEqual({ ok: false, error: { code: 'bad-request', message: 'method: expected a method name, got number' } });
  });

  it('maps Node errors a handler lets through to not-found and bad-request', async () => {
    const fail = (error: Error) => handlers({ 'training.stop': () => Promise.reject(error) });
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/x/run-1'"), { code: 'ENOENT' });
    expect(await dispatch(fail(missing), 'training.stop', { runId: 'run-1' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const nul = Object.assign(new TypeError('The argument \'path\' must be a string without null bytes'), { code: 'ERR_INVALID_ARG_VALUE' });
    expect(await dispatch(fail(nul), 'training.stop', { runId: 'a\u0000' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const overflow = new RangeError('Maximum call stack size exceeded');
    expect(await dispatch(fail(overflow), 'training.stop', { runId: 'r' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});

describe('api client (UI side of the boundary)', () => {
  function loopback(h: ApiHandlers): Transport {
    return { invoke: (method, input) => dispatch(h, method, input), onEvent: () => () => undefined };
  }

  it('round-trips a real request through dispatch', async () => {
    const client = createApiClient(loopback(handlers({ 'training.start': async () => ({ runId: 'abc' }) })));
    const graph = mlpMnistTemplate.graph;
    await expect(
      client.call('training.start', { graph, settings: mlpMnistTemplate.training, runName: 'Run 1', initialWeightsFrom: null }),
    ).resolves.toEqual({ runId: 'abc' });
  });

  it('validates requests before sending them', async () => {
    let sent = false;
    const client = createApiClient({ invoke: async () => ((sent = true), { ok: true, output: {} }), onEvent: () => () => undefined });
    await expect(client.call('project.open', { path: '' })).rejects.toThrow(/path/);
    expect(sent).toBe(false);
  });

  it('raises host errors with their code', async () => {
    const client = createApiClient(loopback(handlers({ 'project.open': () => Promise.reject(new ApiError('invalid-file', 'x.layerlab: not a zip')) })));
    await expect(client.call('project.open', { path: 'x.layerlab' })).rejects.toMatchObject({ code: 'invalid-file', message: 'x.layerlab: not a zip' });
  });

  it('accepts valid events and rejects unknown or malformed ones', () => {
    expect(parseEvent({ event: 'training.progress', payload: { runId: 'r', epoch: 1, epochs: 2, batch: 3, batches: 4, elapsedMs: 5, etaMs: null } }).ok).toBe(true);
    expect(parseEvent({ event: 'shell.exec', payload: {} })).toEqual({ ok: false, error: 'unknown event "shell.exec"' });
    const bad = parseEvent({ event: 'training.progress', payload: { runId: 'r', epoch: 'one' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('epoch');
  });
});
