import { readFile, stat } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { contentSecurityPolicy } from '../shared/csp';
import { resolveAppPath } from './appPath';
import { APP_SCHEME } from './policy';

/**
 * Must run before `app` is ready. `standard` gives app:// real origins (so
 * 'self' in the CSP, relative URLs and storage work as on http), `secure`
 * makes it a secure context like https, `supportFetchAPI` lets the bundle
 * fetch its own assets. No `bypassCSP`, no `corsEnabled`, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves the built renderer folder, and nothing outside it, with the app's CSP on every response. */
export function serveAppProtocol(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed');
    const resolved = resolveAppPath(request.url, rendererRoot);
    if (!resolved.ok) return refusal(resolved.status, resolved.reason);
    try {
      if (!(await stat(resolved.file)).isFile()) return refusal(404, 'not found');
      const body = request.method === 'HEAD' ? null : await readFile(resolved.file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': resolved.mimeType,
          'Content-Security-Policy': contentSecurityPolicy(),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return refusal(404, 'not found');
    }
  });
}
