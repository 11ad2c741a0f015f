// `npm start`: build, make sure the Electron binary is there, then open the desktop app.
// npm install does not download Electron (its postinstall is not in allowScripts), so the
// first start fetches it with Electron's own installer, and says plainly if it cannot.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { stdio: 'inherit' });

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

let binary = electronBinary();
if (!binary) {
  let installer;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    console.error('The electron package is not installed (npm could not install it). Run `npm install` with network access,');
    console.error('or use the web UI instead: npm run serve');
    process.exit(1);
  }
  console.error('Downloading the Electron binary (first start only)…');
  try {
    execFileSync(process.execPath, [installer], { stdio: 'inherit', cwd: path.dirname(installer) });
  } catch {
    console.error('\nCould not download Electron on this machine (no access to its release server).');
    console.error('Use the same app in a browser instead: npm run serve');
    process.exit(1);
  }
  binary = electronBinary();
  if (!binary) {
    console.error('Electron installed but its binary was not found; try `rm -rf node_modules/electron && npm install`.');
    process.exit(1);
  }
}

const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
