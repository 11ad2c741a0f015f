import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the web build (`out/main/server.js`), driven by the
 * system Chromium. global-setup.ts builds if stale and starts one server with a
 * throwaway LAYERLAB_HOME; every spec talks to that server.
 */
export default defineConfig({
  testDir: '.',
  outputDir: path.join(__dirname, 'artifacts', 'test-results'),
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  globalTeardown: path.join(__dirname, 'global-teardown.ts'),
  // One server, one trainer at a time: tests must not train concurrently.
  workers: 1,
  fullyParallel: false,
  // A flaky test should show as failed, not be retried into a pass.
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 850 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
