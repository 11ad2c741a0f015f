import { decodeFrame } from '../../../shared/binaryFrames';
import type { Transport } from '../../../shared/client';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Requests and events over one WebSocket to `npm run serve`, reconnecting when
 * the server restarts. Requests made while disconnected wait for the socket.
 */
export function createWebSocketTransport(url: string): Transport {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(message: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let open: Promise<void>;

  const connect = () => {
    socket = new WebSocket(url);
    // Messages with layer images come as binary frames (shared/binaryFrames.ts).
    socket.binaryType = 'arraybuffer';
    open = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('message', (event) => {
      let message: { kind?: string; id?: number };
      try {
        message = (event.data instanceof ArrayBuffer ? decodeFrame(event.data) : JSON.parse(String(event.data))) as typeof message;
      } catch {
        return;
      }
      if (message.kind === 'response' && typeof message.id === 'number') {
        pending.get(message.id)?.resolve(message);
        pending.delete(message.id);
      } else if (message.kind === 'event') {
        for (const listener of listeners) listener(message);
      }
    });
    socket.addEventListener('close', () => {
      for (const [id, request] of pending) {
        request.reject(new Error('The connection to the LayerLab server was lost'));
        pending.delete(id);
      }
      setTimeout(connect, 1000);
    });
  };
  connect();

  return {
    async invoke(method, input) {
      await open;
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
