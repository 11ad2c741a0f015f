import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { expect, test } from '@playwright/test';

const repoRoot = path.resolve(__dirname, '..');

/** The Electron binary that `require('electron')` names, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  let binary: unknown;
  try {
    binary = createRequire(path.join(repoRoot, 'package.json'))('electron');
  } catch (error) {
    return { missing: `require('electron') failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof binary !== 'string') return { missing: `require('electron') returned ${typeof binary}, not a path` };
  if (!existsSync(binary)) return { missing: `require('electron') names ${binary}, which does not exist` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: `found ${binary}, but there is no display (DISPLAY/WAYLAND_DISPLAY unset; run under xvfb-run)` };
  }
  return { path: binary };
}

test('desktop app: window title and a sandboxed page that sees only the preload bridge', async () => {
  const binary = electronBinary();
  test.skip('missing' in binary, `Electron binary not installed: ${'missing' in binary ? binary.missing : ''}`);
  if (!('path' in binary)) return;

  const home = mkdtempSync(path.join(os.tmpdir(), 'layerlab-e2e-electron-'));
  const app = await electron.launch({
    executablePath: binary.path,
    args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    cwd: repoRoot,
    env: { ...process.env, LAYERLAB_HOME: home } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.waitForLoadState('domcontentloaded');
    await expect(page).toHaveTitle('LayerLab');
    // Served from the privileged app:// scheme (src/main/appProtocol.ts), not file://.
    expect(page.url()).toBe('app://layerlab/index.html');

    const surface = await page.evaluate(() => {
      const bridge = (window as unknown as { layerlab?: Record<string, unknown> }).layerlab;
      return {
        bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
        bridgeTypes: bridge ? Object.values(bridge).map((v) => typeof v) : null,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        module: typeof (globalThis as { module?: unknown }).module,
      };
    });
    expect(surface.bridgeKeys).toEqual(['invoke', 'onEvent']);
    expect(surface.bridgeTypes).toEqual(['function', 'function']);
    expect(surface.require).toBe('undefined');
    expect(surface.process).toBe('undefined');
    expect(surface.module).toBe('undefined');

    // Deny-by-default permissions (src/main/policy.ts): nothing but the clipboard is granted.
    expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);

    // The app is usable: the template dialog is there and the backend answered.
    await expect(page.getByTestId('template-mlp-mnist')).toBeVisible();
    await page.screenshot({ path: path.join(__dirname, 'artifacts', 'electron-01-window.png') });
    expect(errors).toEqual([]);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
