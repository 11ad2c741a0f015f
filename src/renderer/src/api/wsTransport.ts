import { decodeFrame } from '../../../shared/binaryFrames';
import type { Transport } from '../../../shared/client';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Requests and events over one WebSocket to `npm run serve`, reconnecting when
 * the server restarts. Requests made while disconnected wait for the socket,
 * unless the server refuses it (no token cookie): then they fail with its reason.
 *
 * The token travels as the HttpOnly cookie the server set when the page was
 * opened with `?token=`; the browser sends it with the same-origin upgrade.
 */
export function createWebSocketTransport(url: string): Transport {
  const pending = new Map<number, Pending>();
  const waiting = new Set<Pending>();
  const listeners = new Set<(message: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let isOpen = false;
  /** Why the server refused the last connection (its HTTP answer), until one opens. */
  let refusal: string | null = null;

  const failWaiting = (error: Error) => {
    for (const waiter of waiting) waiter.reject(error);
    waiting.clear();
  };

  /** A refused upgrade tells the page nothing; the same path over HTTP says why (401 without the token, 403 for a foreign Host). */
  const explainRefusal = async () => {
    try {
      const response = await fetch(url.replace(/^ws/, 'http'), { credentials: 'same-origin', cache: 'no-store' });
      if (response.status !== 401 && response.status !== 403) return;
      refusal = (await response.text()).trim() || `The LayerLab server refused the connection (HTTP ${response.status})`;
      failWaiting(new Error(refusal));
    } catch {
      // The server is down: keep waiting for it.
    }
  };

  const connect = () => {
    socket = new WebSocket(url);
    // Messages with layer images come as binary frames (shared/binaryFrames.ts).
    socket.binaryType = 'arraybuffer';
    socket.addEventListener(
      'open',
      () => {
        isOpen = true;
        refusal = null;
        for (const waiter of waiting) waiter.resolve(undefined);
        waiting.clear();
      },
      { once: true },
    );
    socket.addEventListener('message', (event) => {
      let message: { kind?: string; id?: number; message?: string };
      try {
        message = (event.data instanceof ArrayBuffer ? decodeFrame(event.data) : JSON.parse(String(event.data))) as typeof message;
      } catch {
        return;
      }
      if (message.kind === 'response' && typeof message.id === 'number') {
        pending.get(message.id)?.resolve(message);
        pending.delete(message.id);
      } else if (message.kind === 'protocol-error' && typeof message.id === 'number') {
        // The server could not read the request but could read its id: fail that call, not wait forever.
        pending.get(message.id)?.reject(new Error(`The LayerLab server rejected the request: ${message.message ?? 'protocol error'}`));
        pending.delete(message.id);
      } else if (message.kind === 'event') {
        for (const listener of listeners) listener(message);
      }
    });
    socket.addEventListener('close', (event) => {
      const wasOpen = isOpen;
      isOpen = false;
      const why = event.reason ? `: ${event.reason}` : '';
      for (const [id, request] of pending) {
        request.reject(new Error(`The connection to the LayerLab server was lost${why}`));
        pending.delete(id);
      }
      if (!wasOpen) void explainRefusal();
      setTimeout(connect, 1000);
    });
  };
  connect();

  const whenOpen = (): Promise<unknown> => {
    if (isOpen) return Promise.resolve();
    if (refusal) return Promise.reject(new Error(refusal));
    return new Promise((resolve, reject) => waiting.add({ resolve, reject }));
  };

  return {
    async invoke(method, input) {
      await whenOpen();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ kind: 'request', id, method, input }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
