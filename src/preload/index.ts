import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, isMethodName } from '../shared/channels';

/**
 * The whole surface the page gets: call a contract method by name, or listen
 * to contract events. No Node, no ipcRenderer, no arbitrary channels.
 */
contextBridge.exposeInMainWorld('layerlab', {
  invoke(method: unknown, input: unknown): Promise<unknown> {
    if (!isMethodName(method)) return Promise.reject(new Error(`Unknown method ${JSON.stringify(method)}`));
    return ipcRenderer.invoke(`${CHANNEL_PREFIX}${method}`, input);
  },
  onEvent(listener: (message: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});
