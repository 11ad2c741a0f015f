#!/usr/bin/env node
// Root `postinstall` (runs after `npm install` and `npm ci`, once node_modules is complete): makes the
// native TensorFlow backend work without a separate step. Prints one line saying what happened:
//
//   native TensorFlow: tfjs-node's own download worked
//   native TensorFlow: already built from the PyPI wheel (<wheel>); nothing to do
//   native TensorFlow: built from the PyPI wheel in N s
//   native TensorFlow: skipped (LAYERLAB_SKIP_NATIVE=1): training will use WebAssembly
//   native TensorFlow: failed: <reason>; training will use WebAssembly; run `npm run native:offline` to retry
//
// When tfjs-node does not load (npm drops it when its libtensorflow download from Google storage fails),
// this runs scripts/native-offline.mjs, which builds the addon from the tensorflow-cpu wheel on PyPI; its
// output goes to node_modules/.cache/layerlab/native-install.log, and a "building" line comes first.
// Never fails the install: every outcome exits 0.
//
// Recursion: native-offline.mjs may run `npm install --no-save --ignore-scripts @tensorflow/tfjs-node@…`.
// npm runs root lifecycle scripts only for an argument-less install and never with --ignore-scripts, so
// that cannot come back here; LAYERLAB_NATIVE_POSTINSTALL=1, set for the build, is a second guard.
// That nested install starts after the outer npm has finished writing node_modules and the lock files
// (root scripts run after reify), and it does not write package.json or package-lock.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = '@tensorflow/tfjs-node';
const GUARD = 'LAYERLAB_NATIVE_POSTINSTALL';
const LOG = path.join(ROOT, 'node_modules', '.cache', 'layerlab', 'native-install.log');
const MARKER = path.join(ROOT, 'node_modules', PKG, 'deps', 'native-offline.json');
const FALLBACK = 'training will use WebAssembly';

const say = (what) => console.log(`native TensorFlow: ${what}`);
const oneLine = (text) => {
  const line = String(text).trim().split('\n')[0].trim().replace(/:$/, '');
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
};

/** Loads tfjs-node in a fresh Node, as the trainer would; ok when its backend is 'tensorflow'. */
function probe() {
  const code = `
    let tf;
    try { tf = require('${PKG}'); } catch (e) { console.error(e.code === 'MODULE_NOT_FOUND' && String(e.message).includes("'${PKG}'") ? '${PKG} is not installed' : e.message); process.exit(2); }
    const sq = Array.from(tf.tensor([1, 2, 3]).square().dataSync()).join();
    if (tf.getBackend() !== 'tensorflow' || sq !== '1,4,9') { console.error('backend ' + tf.getBackend() + ', square([1,2,3]) = ' + sq); process.exit(3); }`;
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
    timeout: 120_000,
  });
  if (r.status === 0) return { ok: true, reason: '' };
  return { ok: false, reason: oneLine(r.error?.message || r.stderr || `exit ${r.status ?? r.signal}`) };
}

function readMarker() {
  try { return JSON.parse(fs.readFileSync(MARKER, 'utf8')); } catch { return null; }
}

/** Node's own headers (distro Node: /usr/include/node), so node-gyp does not try to download them. */
function nodePrefixWithHeaders() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : null;
}

/** The message native-offline.mjs ends with ("native-offline: FAILED: …"), else how the process ended. */
function failureReason(r) {
  let log = '';
  try { log = fs.readFileSync(LOG, 'utf8'); } catch { /* no log: fall through */ }
  const lines = log.split('\n');
  const at = lines.findLastIndex((l) => l.startsWith('native-offline: FAILED'));
  if (at >= 0) {
    const rest = lines[at].replace(/^native-offline: FAILED( with an unexpected error)?:?\s*/, '');
    return oneLine(rest || lines.slice(at + 1).join('\n') || 'unexpected error');
  }
  if (r.error) return oneLine(r.error.message);
  return r.signal ? `native-offline.mjs was killed (${r.signal})` : `native-offline.mjs exited with ${r.status}`;
}

function main() {
  if (process.env[GUARD]) return; // inside our own build: nothing to report, nothing to do
  const skip = process.env.LAYERLAB_SKIP_NATIVE;
  const skipped = skip !== undefined && !['', '0', 'false', 'no'].includes(skip.toLowerCase());

  const loaded = probe();
  if (loaded.ok) {
    const marker = readMarker();
    say(marker ? `already built from the PyPI wheel (${marker.wheel}); nothing to do` : "tfjs-node's own download worked");
    return;
  }
  if (skipped) {
    say(`skipped (LAYERLAB_SKIP_NATIVE=${skip}): ${FALLBACK}`);
    return;
  }
  if (ROOT.split(path.sep).includes('node_modules')) {
    // Installed as somebody else's dependency: never run npm inside their tree.
    say(`skipped (LayerLab is installed inside node_modules): ${FALLBACK}`);
    return;
  }
  const omitted = (process.env.npm_config_omit ?? '').split(/[\s,]+/);
  if (omitted.includes('optional')) {
    say(`skipped (--omit=optional leaves out ${PKG}): ${FALLBACK}`);
    return;
  }

  const env = { ...process.env, [GUARD]: '1' };
  if (!env.npm_config_nodedir) {
    const prefix = nodePrefixWithHeaders();
    if (prefix) env.npm_config_nodedir = prefix;
  }
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  const logName = path.relative(ROOT, LOG);
  say(`tfjs-node does not load (${loaded.reason}); building it from the tensorflow-cpu wheel on PyPI (log: ${logName}) ...`);
  const t0 = Date.now();
  const fd = fs.openSync(LOG, 'w');
  let r;
  try {
    r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'native-offline.mjs')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    fs.closeSync(fd);
  }
  const seconds = Math.round((Date.now() - t0) / 1000);
  if (r.status === 0) {
    say(`built from the PyPI wheel in ${seconds} s`);
  } else {
    say(`failed: ${failureReason(r)}; ${FALLBACK}; run \`npm run native:offline\` to retry (log: ${logName})`);
  }
}

try {
  main();
} catch (error) {
  say(`failed: ${oneLine(error?.message ?? error)}; ${FALLBACK}; run \`npm run native:offline\` to retry`);
}
process.exitCode = 0;
