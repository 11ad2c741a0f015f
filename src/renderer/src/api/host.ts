import { createApiClient, type ApiClient, type Transport } from '../../../shared/client';
import { createWebSocketTransport } from './wsTransport';

/** What Electron's preload exposes; absent in a browser. */
interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    layerlab?: PreloadBridge;
  }
}

function pickTransport(): Transport {
  const bridge = window.layerlab;
  if (bridge) return { invoke: (method, input) => bridge.invoke(method, input), onEvent: (l) => bridge.onEvent(l) };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketTransport(`${scheme}://${window.location.host}/api`);
}

export const api: ApiClient = createApiClient(pickTransport(), (problem) => console.warn(`Ignored event: ${problem}`));
