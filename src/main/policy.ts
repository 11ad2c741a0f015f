/**
 * The Electron host's security decisions as plain functions (no `electron`
 * import), so each one is unit-tested: which origins the app trusts, which
 * frames may call the backend, where the window may navigate, and which web
 * permissions the page gets.
 */

/** The privileged custom scheme the packaged UI is served from (see appProtocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'layerlab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null for URLs without a host (file:,
 * data:, blob:, about:) and for anything unparsable. Computed by hand because
 * WHATWG `URL.origin` is "null" for non-special schemes such as app:.
 */
export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/**
 * Where the window loads the UI from: the electron-vite dev server only in an
 * unpackaged run that was given one, otherwise the app:// bundle. A packaged
 * build ignores ELECTRON_RENDERER_URL, so an environment variable cannot
 * point it at another page that would then get the preload bridge.
 */
export function rendererEntry(devServerUrl: string | undefined, isPackaged: boolean): { url: string; origin: string } {
  if (!isPackaged && devServerUrl) {
    const origin = originOf(devServerUrl);
    if (origin && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)) return { url: devServerUrl, origin };
  }
  return { url: APP_ENTRY_URL, origin: APP_ORIGIN };
}

/** What the host knows about the frame behind an IPC call. */
export interface SenderFacts {
  /** The call came from the main window's WebContents (not another window or a webview). */
  fromMainWindow: boolean;
  /** The frame is that WebContents' top-level frame (no parent): iframes may not call. */
  isMainFrame: boolean;
  /** The frame's current URL; undefined when the frame is gone. */
  frameUrl: string | undefined;
}

/** Only the main window's top frame showing the app's own origin may call the backend. */
export function isTrustedSender(sender: SenderFacts, trustedOrigin: string): boolean {
  return sender.fromMainWindow && sender.isMainFrame && originOf(sender.frameUrl) === trustedOrigin.toLowerCase();
}

/** In-window navigation stays on the app's origin (a reload, or the dev server's HMR); everything else is refused. */
export function isAllowedNavigation(url: string, trustedOrigin: string): boolean {
  return originOf(url) === trustedOrigin.toLowerCase();
}

/**
 * The only web permissions the UI uses: the editor's copy/paste falls back to
 * the async clipboard API (navigator.clipboard.writeText / readText) when a
 * key press brings no clipboard event. Everything else (camera, microphone,
 * geolocation, notifications, MIDI, HID/USB/serial, fullscreen, openExternal…)
 * is denied.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'clipboard-read']);

export interface PermissionAsk {
  permission: string;
  /** The URL or origin asking (details.requestingUrl, or the check handler's requestingOrigin). */
  requester: string | undefined;
  /** False for a subframe; unknown (checks without details) counts as the top frame. */
  isMainFrame?: boolean;
}

/** Deny by default: a listed permission, asked by the app's own top frame, and nothing else. */
export function isPermissionAllowed(ask: PermissionAsk, trustedOrigin: string): boolean {
  if (!ALLOWED_PERMISSIONS.has(ask.permission)) return false;
  if (ask.isMainFrame === false) return false;
  return originOf(ask.requester) === trustedOrigin.toLowerCase();
}
