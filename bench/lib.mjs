// Shared by bench/run.mjs and bench/fidelity.mjs: child processes, the Keras
// virtual environment, the template list and small statistics.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(benchDir, '..');
// LAYERLAB_BENCH_VENV points at another virtual environment (created there when missing).
export const venv = path.resolve(process.env.LAYERLAB_BENCH_VENV ?? path.join(benchDir, '.venv'));
export const python = path.join(venv, 'bin', 'python');
export const kerasScript = path.join(benchDir, 'keras_bench.py');
export const layerlabScript = path.join(benchDir, 'layerlab.ts');


const started = performance.now();

export function log(line) {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);
}

export function argvOptions(argv = process.argv.slice(2)) {
  const flag = (name) => argv.includes(`--${name}`);
  const option = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { flag, option };
}

/**
 * The app's templates (src/engine/templates, the one list), in the tutorial's
 * order, read through bench/layerlab.ts: id, title, training settings, the
 * tutorial's figures and a relative training cost.
 */
export async function listTemplates() {
  const r = await layerlab(['templates'], { timeoutMs: 120_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('['));
  if (!line) throw new Error(`could not list the templates: ${lastJson(r).error}`);
  return JSON.parse(line);
}

/** `--only a,b` against the templates' ids: unknown ids are an error naming the known ones. */
export function selectIds(only, templates) {
  const known = templates.map((t) => t.id);
  if (!only) return known;
  const wanted = only.split(',').filter(Boolean);
  const unknown = wanted.filter((id) => !known.includes(id));
  if (unknown.length) throw new Error(`--only: unknown template id(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return known.filter((id) => wanted.includes(id));
}

/** Runs a child to completion, collecting its output. */
export function run(command, args, { timeoutMs = 600_000, env = {}, onStdout } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(String(d));
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}`, timedOut, timeoutMs });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, timeoutMs });
    });
  });
}

/** The last JSON line a child printed, or `{ error }` built from how it ended. */
export function lastJson(result) {
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{'));
  for (const line of lines.reverse()) {
    try {
      return JSON.parse(line);
    } catch {
      // not ours
    }
  }
  const errLines = result.stderr.trim().split('\n').filter((l) => l.trim() && !/^\d{4}-\d\d-\d\d .* [IW] tensorflow/.test(l));
  const why = result.timedOut
    ? `timed out after ${result.timeoutMs / 1000} s`
    : (errLines.filter((l) => /error/i.test(l)).at(0) ?? errLines.at(-1) ?? `exit ${result.code}`);
  return { error: why.trim().slice(0, 300) };
}

/** What libtensorflow logged about oneDNN when the child loaded it (needs TF_CPP_MIN_LOG_LEVEL=0). */
export function onednnFromLog(stderr) {
  const m = /oneDNN custom operations are (on|off)/.exec(stderr);
  return m ? m[1] : null;
}

export const layerlab = (args, opts) => run(process.execPath, ['--import', 'tsx', layerlabScript, ...args], opts);
export const keras = (args, opts) => run(python, [kerasScript, ...args], opts);

export async function ensureKeras() {
  if (!existsSync(python)) {
    log(`${path.relative(root, venv) || venv} missing: creating it from bench/requirements.txt`);
    const mk = await run('python3', ['-m', 'venv', venv], { timeoutMs: 120_000 });
    if (mk.code !== 0) return { error: `python3 -m venv failed: ${mk.stderr.trim().split('\n').at(-1)}` };
    const pip = await run(path.join(venv, 'bin', 'pip'), ['install', '-r', path.join(benchDir, 'requirements.txt')], { timeoutMs: 900_000 });
    if (pip.code !== 0) return { error: `pip install failed: ${pip.stderr.trim().split('\n').at(-1)}` };
  }
  const info = lastJson(await keras(['info'], { timeoutMs: 120_000 }));
  return info.error ? { error: `Keras unavailable: ${info.error}` } : info;
}

export function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export function median(values) {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(values, q) {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

export const fmt = (v, digits = 1) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';

export function duration(s) {
  if (!(typeof s === 'number' && Number.isFinite(s))) return '-';
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

/** Samples the 1-minute load average every `everyMs` until stopped; `range()` gives min and max since `from`. */
export function loadSampler(os, everyMs = 2000) {
  const samples = [];
  const take = () => samples.push({ t: performance.now(), load: os.loadavg()[0] });
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    mark: () => performance.now(),
    range(from = 0) {
      take();
      const loads = samples.filter((s) => s.t >= from).map((s) => s.load);
      return loads.length ? [Math.min(...loads), Math.max(...loads)] : [Number.NaN, Number.NaN];
    },
    stop: () => clearInterval(timer),
  };
}
