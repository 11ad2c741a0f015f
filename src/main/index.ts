import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, METHOD_NAMES } from '../shared/channels';
import { contentSecurityPolicy } from '../shared/csp';
import { dispatch } from '../shared/dispatch';
import { createBackend } from '../node/backend';
import { appVersion } from '../node/appVersion';
import type { TrainerLaunch } from '../node/trainerSupervisor';

/**
 * tfjs-node is compiled for the Node that ran `npm install`, not for Electron's
 * ABI, so the trainer runs under that Node when it exists; otherwise under
 * Electron's own Node, where the pure-JS backend still works.
 */
function trainerLaunch(): TrainerLaunch {
  const modulePath = path.join(__dirname, 'trainer.js');
  const systemNode = process.env.LAYERLAB_NODE ?? 'node';
  try {
    execFileSync(systemNode, ['--version'], { stdio: 'ignore', timeout: 5000 });
    return { modulePath, execPath: systemNode };
  } catch {
    return { modulePath, env: { ELECTRON_RUN_AS_NODE: '1' } };
  }
}

let mainWindow: BrowserWindow | null = null;

function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') || (process.env.ELECTRON_RENDERER_URL !== undefined && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'LayerLab',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // Links open nowhere inside the app; navigation away from the UI is refused.
  mainWindow.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  mainWindow.webContents.on('will-navigate', (event) => event.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) void mainWindow.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void mainWindow.loadFile(path.join(__dirname, '..', 'renderer', 'index.html'));
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  const backend = createBackend({
    host: 'electron',
    appVersion: appVersion(),
    trainer: trainerLaunch(),
    emit: (event) => mainWindow?.webContents.send(EVENT_CHANNEL, event),
    dialogs: {
      async openProject() {
        const result = await dialog.showOpenDialog({ filters: [{ name: 'LayerLab project', extensions: ['layerlab'] }], properties: ['openFile'] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async saveProject(suggestedName) {
        const result = await dialog.showSaveDialog({ defaultPath: suggestedName, filters: [{ name: 'LayerLab project', extensions: ['layerlab'] }] });
        return result.canceled ? null : (result.filePath ?? null);
      },
    },
  });
  for (const method of METHOD_NAMES) {
    ipcMain.handle(`${CHANNEL_PREFIX}${method}`, (event, input: unknown) => {
      if (!isOwnFrame(event)) {
        return { ok: false, error: { code: 'bad-request', message: 'Request from an unknown frame' } };
      }
      return dispatch(backend.handlers, method, input);
    });
  }
  // Playground sessions are trainer processes of their own: end them with the app (macOS keeps it alive without windows).
  app.on('before-quit', () => backend.playground.closeAll());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
