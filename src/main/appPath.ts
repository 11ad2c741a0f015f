import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './policy';

/** Types of what the renderer build emits; anything else is served as opaque bytes. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppPathResult = { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an `app://layerlab/...` request to a file inside `root` (the built
 * renderer folder), refusing anything that would leave it: `..` segments
 * (also percent-encoded, or with backslashes), absolute paths, NUL bytes,
 * other hosts and other schemes. The root itself is served as index.html.
 * Pure: whether the file exists is the caller's business (a 404 then).
 */
export function resolveAppPath(requestUrl: string, root: string, pathApi: typeof path = path): AppPathResult {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'unparsable URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403, reason: `not ${APP_SCHEME}://${APP_HOST}` };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  // Segments are checked before any joining: a `..` anywhere is refused, not resolved.
  const segments = pathname.split(/[/\\]+/).filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.' || /^[a-zA-Z]:$/.test(segment))) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }
  const relative = segments.length === 0 ? 'index.html' : segments.join(pathApi.sep);
  const base = pathApi.resolve(root);
  const file = pathApi.resolve(base, relative);
  const inside = pathApi.relative(base, file);
  if (inside === '' || inside.startsWith('..') || pathApi.isAbsolute(inside)) return { ok: false, status: 403, reason: 'outside the renderer folder' };
  return { ok: true, file, mimeType: mimeTypeFor(file) };
}
