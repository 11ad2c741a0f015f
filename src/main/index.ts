import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, utilityProcess, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, METHOD_NAMES } from '../shared/channels';
import { contentSecurityPolicy } from '../shared/csp';
import { dispatch } from '../shared/dispatch';
import { createBackend } from '../node/backend';
import { describeHousekeeping } from '../node/storageSweep';
import { appVersion } from '../node/appVersion';
import { registerAppScheme, serveAppProtocol } from './appProtocol';
import { isAllowedNavigation, isPermissionAllowed, isTrustedSender, rendererEntry } from './policy';
import { desktopTrainerLaunch } from './trainerProcess';

// Privileged schemes can only be registered before the app is ready.
registerAppScheme();

/** app://layerlab, or (unpackaged runs only) the electron-vite dev server. */
const entry = rendererEntry(process.env.ELECTRON_RENDERER_URL, app.isPackaged);

let mainWindow: BrowserWindow | null = null;

function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      fromMainWindow: mainWindow !== null && !mainWindow.isDestroyed() && event.sender.id === mainWindow.webContents.id,
      isMainFrame: frame !== null && frame.parent === null,
      frameUrl: frame?.url,
    },
    entry.origin,
  );
}

/** Deny-by-default web permissions: only the clipboard, only for the app's own top frame (policy.ts). */
function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionAllowed({ permission, requester: details.requestingUrl, isMainFrame: details.isMainFrame }, entry.origin));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed({ permission, requester: requestingOrigin, isMainFrame: details.isMainFrame }, entry.origin),
  );
  // HID, serial, USB, Bluetooth: the app uses none.
  ses.setDevicePermissionHandler(() => false);
  ses.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  ses.on('select-serial-port', (event, _portList, _webContents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  // The dev server is plain http: give its pages the same CSP as app:// responses.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
}

/** Every WebContents (the window, and any a bug might create) stays on the app's origin and opens nothing. */
function lockDownContents(contents: WebContents): void {
  // The UI has no external links: every window.open / target=_blank is refused.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, entry.origin)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-redirect', (event) => refuseForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

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
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    },
  });
  // The page's beforeunload refuses a close or reload with unsaved changes, and Electron asks nobody: ask here.
  const win = mainWindow;
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Leave without saving', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'The project has unsaved changes.',
      detail: 'Changes not saved are lost; the last autosave is offered back at the next start.',
    });
    // preventDefault overrides the page's refusal: the window closes (or reloads).
    if (choice === 0) event.preventDefault();
  });
  void mainWindow.loadURL(entry.url);
}

void app.whenReady().then(() => {
  lockDownSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, path.join(__dirname, '..', 'renderer'));
  const backend = createBackend({
    host: 'electron',
    appVersion: appVersion(),
    trainer: desktopTrainerLaunch({ isPackaged: app.isPackaged, hostDir: __dirname, utilityFork: utilityProcess.fork }),
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
  void backend.housekeeping.then((report) => {
    const line = describeHousekeeping(report);
    if (line) console.log(line);
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
