// Builds with electron-vite when out/ is missing or older than any source file,
// so `npm run serve` and `npm run train` work straight after `npm install`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outputs = ['out/main/server.js', 'out/main/cli.js', 'out/main/trainer.js', 'out/renderer/index.html'].map((f) => path.join(root, f));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test.tsx')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
const sourcesAt = Math.max(newestSource(path.join(root, 'src')), statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs);
if (builtAt < sourcesAt) {
  console.error('Building LayerLab (electron-vite build)…');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
