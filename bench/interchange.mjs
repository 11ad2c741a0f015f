// `npm run bench:interchange [-- --only a,b] [-- --steps N]`: trains a short run
// of every template through the app (N batches, default 20), exports the run
// in every Keras format (JSON, weights .h5, full .h5, .keras) with the app's exporter, loads each in real Keras
// (bench/.venv, TensorFlow 2.15) and compares Keras' predictions with
// LayerLab's on the same 100 test samples; then the same for small graphs that
// use every layer kind (seeded random weights, random inputs). Keras' own save
// of each is imported back into LayerLab; each template's exported Python
// script runs for two steps. Writes bench/INTERCHANGE.md.
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { argvOptions, benchDir, ensureKeras, lastJson, log, python, root, run } from './lib.mjs';

const TOLERANCE = 1e-5;
const outDir = path.join(benchDir, '.cache', 'interchange');
const { option } = argvOptions();

const keras = await ensureKeras();
if (keras.error) throw new Error(keras.error);
log(`Keras ${keras.keras}, TensorFlow ${keras.tensorflow}`);

const STEPS = Number(option('steps') ?? 20);
const exportArgs = ['--import', 'tsx', path.join(benchDir, 'interchangeExport.ts'), '--out', outDir, '--count', '100', '--steps', String(STEPS)];
if (option('only')) exportArgs.push('--only', option('only'));
const exported = await run(process.execPath, exportArgs, { timeoutMs: 900_000, onStdout: (s) => s.trim() && log(s.trim()) });
if (exported.code !== 0) throw new Error(`LayerLab export failed: ${lastJson(exported).error}`);
const cases = exported.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const ids = cases.map((c) => c.id);
const caseInfo = new Map(cases.map((c) => [c.id, c]));

const results = [];
for (const id of ids) {
  const checked = lastJson(await run(python, [path.join(benchDir, 'interchange_check.py'), '--dir', path.join(outDir, id)], { timeoutMs: 600_000 }));
  log(`${id}: ${JSON.stringify(checked)}`);
  results.push(checked.error ? { id, error: checked.error } : checked);
}

// Keras' own model.save() of each network (written by interchange_check.py), imported by LayerLab's importer.
const imports = new Map();
for (const id of ids) {
  const importedRun = await run(process.execPath, ['--import', 'tsx', path.join(benchDir, 'interchangeImport.ts')], { timeoutMs: 600_000, env: { INTERCHANGE_CASE: path.join(outDir, id) } });
  imports.set(id, lastJson(importedRun));
  log(`${id} import of Keras' save: ${JSON.stringify(imports.get(id))}`);
}
const importOk = (id) => {
  const i = imports.get(id);
  return !!i && !i.error && i.sameGraph && i.problems.length === 0 && i.maxAbsDiff <= TOLERANCE;
};
const importCell = (id) => {
  const i = imports.get(id);
  if (!i) return '-';
  if (i.error) return `error: ${String(i.error).replace(/\|/g, '/').slice(0, 120)}`;
  const graph = i.sameGraph ? 'same graph' : 'DIFFERENT graph';
  const problems = i.problems.length ? `, ${i.problems.length} problem(s)` : '';
  return `${graph}${problems}, ${i.maxAbsDiff === 0 ? 0 : i.maxAbsDiff.toExponential(1)}`;
};

// The runnable Python script (src/node/interchange/exportPython): exported with a capped sample limit, run for
// two steps of one epoch in bench/.venv; its printed `Total params:` must equal LayerLab's count.
const scriptDir = path.join(benchDir, '.cache', 'python-script');
const scriptArgs = ['--import', 'tsx', path.join(benchDir, 'pythonScriptExport.ts'), '--out', scriptDir, '--limit', '256'];
scriptArgs.push('--only', ids.join(','));
const scriptExports = await run(process.execPath, scriptArgs, { timeoutMs: 900_000 });
const scripts = new Map();
for (const line of scriptExports.stdout.split('\n').filter((l) => l.startsWith('{'))) {
  const exported = JSON.parse(line);
  if (exported.error) {
    scripts.set(exported.id, { error: exported.error.split('\n')[0] });
    continue;
  }
  const runScript = (extra) => run(python, [exported.script, '--max-steps', '2', '--epochs', '1', '--checkpoints', path.join(scriptDir, exported.id, 'checkpoints'), ...extra], { timeoutMs: 600_000 });
  const ran = await runScript(exported.id === 'mlp-mnist' ? ['--strategy', 'mirrored'] : []);
  const printed = /^Total params: (\d+)$/m.exec(ran.stdout);
  const params = printed ? Number(printed[1]) : null;
  scripts.set(exported.id, {
    params,
    layerlab: exported.params,
    strategy: /^Strategy: (\S+),/m.exec(ran.stdout)?.[1] ?? null,
    error: ran.code === 0 ? null : ran.stderr.trim().split('\n').at(-1),
  });
  log(`${exported.id} script: ${JSON.stringify(scripts.get(exported.id))}`);
}
// The same script under MultiWorkerMirroredStrategy: two workers on this machine (TF_CONFIG with two local ports),
// as on a cluster. Both must train in step: the same replica count and the same printed loss.
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
let multiworker = null;
const mlpScript = path.join(scriptDir, 'mlp-mnist', 'run.py');
if (scripts.get('mlp-mnist') && !scripts.get('mlp-mnist').error) {
  const ports = [await freePort(), await freePort()];
  const cluster = { worker: ports.map((p) => `localhost:${p}`) };
  const workers = await Promise.all(
    [0, 1].map((index) =>
      run(python, [mlpScript, '--strategy', 'multiworker', '--max-steps', '2', '--epochs', '1', '--checkpoints', path.join(scriptDir, 'mlp-mnist', `checkpoints-${index}`)], {
        timeoutMs: 300_000,
        env: { TF_CONFIG: JSON.stringify({ cluster, task: { type: 'worker', index } }) },
      }),
    ),
  );
  const seen = workers.map((w) => ({
    code: w.code,
    strategy: /^Strategy: (.*)$/m.exec(w.stdout)?.[1] ?? null,
    loss: /- loss: ([\d.]+)/.exec(w.stdout)?.[1] ?? null,
    params: Number(/^Total params: (\d+)$/m.exec(w.stdout)?.[1] ?? NaN),
    error: w.code === 0 ? null : w.stderr.trim().split('\n').at(-1),
  }));
  multiworker = { workers: seen, ok: seen.every((w) => w.code === 0 && /2 replica/.test(w.strategy ?? '') && w.loss !== null && w.loss === seen[0].loss && w.params === scripts.get('mlp-mnist').layerlab) };
  log(`mlp-mnist multiworker: ${JSON.stringify(multiworker)}`);
}
const multiworkerLine = () => {
  if (!multiworker) return '';
  const [w] = multiworker.workers;
  return multiworker.ok
    ? `mlp-mnist's script under \`--strategy multiworker\`, two workers on this machine (TF_CONFIG, two local ports): ${w.strategy}; both printed ${w.params.toLocaleString('en')} params and the same first-epoch loss ${w.loss}.`
    : `**mlp-mnist under --strategy multiworker failed: ${JSON.stringify(multiworker.workers)}**`;
};
const scriptOk = (id) => {
  const s = scripts.get(id);
  return !!s && !s.error && s.params === s.layerlab;
};
const scriptCell = (id) => {
  const s = scripts.get(id);
  if (!s) return '-';
  if (s.error) return `error: ${s.error.replace(/\|/g, '/').slice(0, 120)}`;
  const mirrored = s.strategy === 'MirroredStrategy' ? ' (mirrored)' : '';
  return `${(s.params ?? NaN).toLocaleString('en')}${s.params === s.layerlab ? '' : ` ≠ ${s.layerlab.toLocaleString('en')}`}${mirrored}`;
};

const exp = (v) => (typeof v === 'number' ? (v === 0 ? '0' : v.toExponential(1)) : '-');
const loaded = (r) => ['json', 'weights-h5', 'model-h5', 'model-keras'].filter((f) => r.formats?.[f]?.loaded).join(', ') || 'none';
const worst = (r) => Math.max(...['weights-h5', 'model-h5', 'model-keras'].map((f) => r.formats?.[f]?.maxAbsDiff ?? Number.POSITIVE_INFINITY));
const passes = (r) => !r.error && worst(r) <= TOLERANCE && r.formats.json.kerasParams === r.tfjsParams && r.formats['model-h5'].kerasParams === r.tfjsParams && r.formats['model-keras'].kerasParams === r.tfjsParams;
const isTemplate = (r) => {
  const kind = caseInfo.get(r.id)?.kind;
  if (kind !== 'template' && kind !== 'layer-kinds') throw new Error(`case ${r.id}: the export did not say its kind`);
  return kind === 'template';
};
const kindsOf = (id) => [...new Set(JSON.parse(readFileSync(path.join(outDir, id, 'model.keras.json'), 'utf8')).config.layers.map((l) => l.class_name))].join(', ');
const common = (r) => {
  const f = r.formats;
  return `${loaded(r)} | ${exp(f['weights-h5']?.maxAbsDiff)} | ${exp(f['model-h5']?.maxAbsDiff)} | ${exp(f['model-keras']?.maxAbsDiff)} | ${r.tfjsParams.toLocaleString('en')} | ${(f['model-h5'].kerasParams ?? NaN).toLocaleString('en')} | ${r.namesMatch ? 'yes' : 'no'} | ${passes(r) ? 'pass' : 'FAIL'} | ${importCell(r.id)}`;
};
const templateRows = results.filter(isTemplate).map((r) =>
  r.error ? `| ${r.id} | | | error: ${r.error} | | | | | | | | ${importCell(r.id)} | ${scriptCell(r.id)} |` : `| ${r.id} | ${caseInfo.get(r.id).weights} | ${caseInfo.get(r.id).samples} | ${common(r)} | ${scriptCell(r.id)} |`,
);
const kindRows = results.filter((r) => !isTemplate(r)).map((r) =>
  r.error ? `| ${r.id} | | error: ${r.error} | | | | | | | | ${importCell(r.id)} |` : `| ${r.id} | ${kindsOf(r.id)} | ${common(r)} |`,
);
const scriptFailures = [...scripts.keys()].filter((id) => !scriptOk(id));
const importFailures = ids.filter((id) => !importOk(id));
const failures = results.filter((r) => !passes(r));
const md = `# Keras interchange

\`npm run bench:interchange\` — ${new Date().toISOString().slice(0, 10)}, Keras ${keras.keras}, TensorFlow ${keras.tensorflow}; ${os.loadavg()[0].toFixed(2)} load (1 min) on ${os.cpus().length} CPUs.

## Templates: a trained run

Every template trains a short run through the app's own trainer (\`train()\`:
the template's settings cut to ${STEPS} batches; fused recurrent layers and the
raw TensorFlow step as the app trains), and the run's saved weights are
exported as \`run.exportKeras\` does (src/node/interchange): Keras topology JSON
(\`model.to_json()\`), an HDF5 weights file (\`model.save_weights()\`), and a full
model as HDF5 (\`model.save('m.h5')\`) and as \`.keras\` (\`model.save('m.keras')\`).
Keras loads each the way a Keras user would (\`model_from_json\` +
\`load_weights\`; \`load_model\` for the full files), and
both sides predict on the same 100 samples of the template's test split as
the app prepares it (the training corpus for the text datasets that have no
test split). Target: max |difference| ≤ ${TOLERANCE}.

"import of Keras' save": Keras' own \`model.save()\` of the loaded network
(.h5), imported by LayerLab's importer (\`project.importKeras\`): whether the
graph is the template's (layers, params, connections; not the layout), what
the importer reported, and the max |difference| between LayerLab's
predictions with the imported weights and Keras' own on the same samples.

"script params": the run exported as a runnable Keras script with its .npz
(\`run.exportPython\`, sample limit capped at 256), run in bench/.venv with
\`--max-steps 2 --epochs 1\` (mlp-mnist with \`--strategy mirrored\`, on CPU);
the \`Total params:\` it prints, which must equal LayerLab's count.

| template | weights | samples | formats Keras loaded | max abs diff (json + weights .h5) | max abs diff (model .h5) | max abs diff (.keras) | params LayerLab (tfjs) | params Keras | weight names = Keras' own | result | import of Keras' save | script params |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${templateRows.join('\n')}

## Every layer kind

Small graphs (test/interchange/layerKindGraphs.ts) that between them use
every layer kind LayerLab has, most with settings other than the defaults.
Their weights are seeded random values, so that no bias or BatchNormalization
statistic keeps its zero or one initial value; the inputs are 100 random
valid samples. Same checks as above.

| graph | layer kinds (Keras classes) | formats Keras loaded | max abs diff (json + weights .h5) | max abs diff (model .h5) | max abs diff (.keras) | params LayerLab (tfjs) | params Keras | weight names = Keras' own | result | import of Keras' save |
|---|---|---|---|---|---|---|---|---|---|---|
${kindRows.join('\n')}

${failures.length ? `**${failures.map((r) => r.id).join(', ')} failed.**` : 'Every template and layer-kind graph passes.'}
${importFailures.length ? `**Import of Keras' save: ${importFailures.join(', ')} failed.**` : "LayerLab imported Keras' own save of every one: same graph, no problems, same predictions."}
${scriptFailures.length ? `**Script params: ${scriptFailures.join(', ')} failed.**` : "Every template's exported script ran and printed LayerLab's parameter count."}
${multiworkerLine()}
`;
writeFileSync(path.join(benchDir, 'INTERCHANGE.md'), md);
log(`wrote ${path.relative(root, path.join(benchDir, 'INTERCHANGE.md'))}`);
if (failures.length || scriptFailures.length || importFailures.length || (multiworker && !multiworker.ok)) process.exitCode = 1;
