import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveAppPath } from './appPath';

const root = path.resolve('/opt/layerlab/out/renderer');

function served(url: string): string | number {
  const result = resolveAppPath(url, root);
  return result.ok ? path.relative(root, result.file) : result.status;
}

describe('resolveAppPath', () => {
  it('serves files inside the renderer folder, index.html for the root', () => {
    expect(served('app://layerlab/index.html')).toBe('index.html');
    expect(served('app://layerlab/')).toBe('index.html');
    expect(served('app://layerlab')).toBe('index.html');
    expect(served('app://layerlab/assets/index-abc123.js')).toBe(path.join('assets', 'index-abc123.js'));
    expect(served('app://layerlab/assets/index.js?v=1#top')).toBe(path.join('assets', 'index.js'));
    expect(served('app://layerlab/assets/my%20font.woff2')).toBe(path.join('assets', 'my font.woff2'));
  });

  it.each([
    'app://layerlab/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://layerlab/assets/..%2F..%2Fmain%2Findex.js',
    'app://layerlab/..%5C..%5Cwindows%5Cwin.ini',
    'app://layerlab/assets/%2e%2e%2f%2e%2e%2fpreload/index.js',
    'app://layerlab/C:%5CWindows%5Cwin.ini',
  ])('refuses traversal: %s', (url) => {
    const result = resolveAppPath(url, root);
    expect(result.ok).toBe(false);
  });

  it.each(['app://layerlab/../../etc/passwd', 'app://layerlab/%2E%2E/%2E%2E/etc/passwd', 'app://layerlab/assets/./../../etc/passwd'])(
    'keeps dot segments the URL parser folds inside the root: %s',
    (url) => {
      const result = resolveAppPath(url, root);
      expect(result).toMatchObject({ ok: true, file: path.join(root, 'etc', 'passwd') });
    },
  );

  it('refuses NUL bytes, bad encodings, other hosts and other schemes', () => {
    expect(served('app://layerlab/index.html%00.png')).toBe(400);
    expect(served('app://layerlab/%E0%A4%A')).toBe(400);
    expect(served('app://other/index.html')).toBe(403);
    expect(served('app://layerlab.evil/index.html')).toBe(403);
    expect(served('file:///opt/layerlab/out/renderer/index.html')).toBe(403);
    expect(served('https://layerlab/index.html')).toBe(403);
    expect(served('not a url')).toBe(400);
  });

  it('works with Windows paths', () => {
    const winRoot = 'C:\\LayerLab\\resources\\app.asar\\out\\renderer';
    const ok = resolveAppPath('app://layerlab/assets/a.js', winRoot, path.win32);
    expect(ok).toMatchObject({ ok: true, file: 'C:\\LayerLab\\resources\\app.asar\\out\\renderer\\assets\\a.js' });
    expect(resolveAppPath('app://layerlab/..%5C..%5Cmain%5Cindex.js', winRoot, path.win32).ok).toBe(false);
    expect(resolveAppPath('app://layerlab/D:%5Csecret.txt', winRoot, path.win32).ok).toBe(false);
  });
});

describe('mimeTypeFor', () => {
  it('names what the renderer build emits, opaque bytes otherwise', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a/b/index-x.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('style.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('logo.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('kernel.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('README')).toBe('application/octet-stream');
  });
});
