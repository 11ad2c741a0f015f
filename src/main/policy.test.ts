import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAllowedNavigation, isPermissionAllowed, isTrustedSender, originOf, rendererEntry } from './policy';

const DEV = 'http://localhost:5173';
const top = { fromMainWindow: true, isMainFrame: true };

describe('originOf', () => {
  it('gives scheme://host for app:, http(s): and nothing for host-less URLs', () => {
    expect(originOf('app://layerlab/index.html')).toBe('app://layerlab');
    expect(originOf('APP://LayerLab/x')).toBe('app://layerlab');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('file:///opt/LayerLab/resources/app.asar/out/renderer/index.html')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(originOf(undefined)).toBeNull();
  });
});

describe('rendererEntry', () => {
  it('serves app://layerlab by default', () => {
    expect(rendererEntry(undefined, false)).toEqual({ url: APP_ENTRY_URL, origin: APP_ORIGIN });
    expect(APP_ENTRY_URL).toBe('app://layerlab/index.html');
  });

  it('uses the dev server only in unpackaged runs', () => {
    expect(rendererEntry(`${DEV}/`, false)).toEqual({ url: `${DEV}/`, origin: DEV });
    // Old behaviour: ELECTRON_RENDERER_URL was honoured in packaged builds too.
    expect(rendererEntry(`${DEV}/`, true)).toEqual({ url: APP_ENTRY_URL, origin: APP_ORIGIN });
  });

  it('never takes a remote page as the dev server', () => {
    expect(rendererEntry('https://evil.example/', false).origin).toBe(APP_ORIGIN);
    expect(rendererEntry('file:///tmp/x.html', false).origin).toBe(APP_ORIGIN);
  });
});

describe('isTrustedSender', () => {
  it("accepts the main window's top frame on the app origin", () => {
    expect(isTrustedSender({ ...top, frameUrl: 'app://layerlab/index.html' }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ ...top, frameUrl: `${DEV}/` }, DEV)).toBe(true);
  });

  it('refuses any file:// frame (the old check accepted them all)', () => {
    expect(isTrustedSender({ ...top, frameUrl: 'file:///tmp/evil.html' }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...top, frameUrl: 'file:///opt/LayerLab/out/renderer/index.html' }, APP_ORIGIN)).toBe(false);
  });

  it('refuses subframes, other windows, gone frames and look-alike origins', () => {
    expect(isTrustedSender({ ...top, isMainFrame: false, frameUrl: 'app://layerlab/index.html' }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...top, fromMainWindow: false, frameUrl: 'app://layerlab/index.html' }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...top, frameUrl: undefined }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...top, frameUrl: 'app://layerlab.evil/index.html' }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...top, frameUrl: 'app://other/index.html' }, APP_ORIGIN)).toBe(false);
    // Old check: a URL that merely starts with the dev server URL passed.
    expect(isTrustedSender({ ...top, frameUrl: 'http://localhost:51730/' }, DEV)).toBe(false);
    expect(isTrustedSender({ ...top, frameUrl: 'http://localhost:5173.evil.example/' }, DEV)).toBe(false);
  });

  it('refuses the dev server origin when the app is served from app://', () => {
    expect(isTrustedSender({ ...top, frameUrl: `${DEV}/` }, APP_ORIGIN)).toBe(false);
  });
});

describe('isAllowedNavigation', () => {
  it('stays on the app origin', () => {
    expect(isAllowedNavigation('app://layerlab/index.html', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('app://layerlab/index.html#x', APP_ORIGIN)).toBe(true);
  });

  it('refuses the web, file://, javascript: and other app hosts', () => {
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://other/', 'about:blank']) {
      expect(isAllowedNavigation(url, APP_ORIGIN), url).toBe(false);
    }
  });
});

describe('isPermissionAllowed', () => {
  const app = (permission: string, extra: object = {}) => ({ permission, requester: 'app://layerlab/index.html', isMainFrame: true, ...extra });

  it('grants the clipboard the editor uses, to the app only', () => {
    expect(isPermissionAllowed(app('clipboard-sanitized-write'), APP_ORIGIN)).toBe(true);
    expect(isPermissionAllowed(app('clipboard-read'), APP_ORIGIN)).toBe(true);
    expect(isPermissionAllowed({ permission: 'clipboard-read', requester: 'app://layerlab' }, APP_ORIGIN)).toBe(true);
  });

  it('denies everything else (Electron grants all without a handler)', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'usb', 'serial', 'fileSystem', 'display-capture', 'window-management', 'unknown']) {
      expect(isPermissionAllowed(app(permission), APP_ORIGIN), permission).toBe(false);
    }
  });

  it('denies the clipboard to other origins and to subframes', () => {
    expect(isPermissionAllowed(app('clipboard-read', { requester: 'https://evil.example/' }), APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed(app('clipboard-read', { requester: 'file:///tmp/x.html' }), APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed(app('clipboard-read', { requester: undefined }), APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed(app('clipboard-read', { isMainFrame: false }), APP_ORIGIN)).toBe(false);
  });
});
