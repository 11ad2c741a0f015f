// `npm run bench:interchange [-- --only a,b]`: exports every template (initial
// weights) in the three Keras formats with the app's exporter, loads each in
// real Keras (bench/.venv, TensorFlow 2.15) and compares Keras' predictions
// with LayerLab's on the same 100 inputs. Writes bench/INTERCHANGE.md.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { argvOptions, benchDir, ensureKeras, lastJson, log, python, root, run } from './lib.mjs';

const TOLERANCE = 1e-5;
const outDir = path.join(benchDir, '.cache', 'interchange');
const { option } = argvOptions();

const keras = await ensureKeras();
if (keras.error) throw new Error(keras.error);
log(`Keras ${keras.keras}, TensorFlow ${keras.tensorflow}`);

const exportArgs = ['--import', 'tsx', path.join(benchDir, 'interchangeExport.ts'), '--out', outDir, '--count', '100'];
if (option('only')) exportArgs.push('--only', option('only'));
const exported = await run(process.execPath, exportArgs, { timeoutMs: 900_000, onStdout: (s) => s.trim() && log(s.trim()) });
if (exported.code !== 0) throw new Error(`LayerLab export failed: ${lastJson(exported).error}`);
const ids = exported.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).id);

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
  return `${graph}${problems}, ${i.maxAbsDiff.toExponential(1)}`;
};

// The runnable Python script (src/node/interchange/exportPython): exported with a capped sample limit, run for
// two steps of one epoch in bench/.venv; its printed `Total params:` must equal LayerLab's count.
const scriptDir = path.join(benchDir, '.cache', 'python-script');
const scriptArgs = ['--import', 'tsx', path.join(benchDir, 'pythonScriptExport.ts'), '--out', scriptDir, '--limit', '256'];
if (option('only')) scriptArgs.push('--only', option('only'));
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

const exp = (v) => (typeof v === 'number' ? v.toExponential(1) : '-');
const loaded = (r) => ['json', 'weights-h5', 'model-h5'].filter((f) => r.formats?.[f]?.loaded).join(', ') || 'none';
const worst = (r) => Math.max(...['weights-h5', 'model-h5'].map((f) => r.formats?.[f]?.maxAbsDiff ?? Number.POSITIVE_INFINITY));
const rows = results.map((r) => {
  if (r.error) return `| ${r.id} | error: ${r.error} | | | | | | | ${importCell(r.id)} | ${scriptCell(r.id)} |`;
  const f = r.formats;
  const ok = worst(r) <= TOLERANCE && f.json.kerasParams === r.tfjsParams && f['model-h5'].kerasParams === r.tfjsParams;
  return `| ${r.id} | ${loaded(r)} | ${exp(f['weights-h5']?.maxAbsDiff)} | ${exp(f['model-h5']?.maxAbsDiff)} | ${r.tfjsParams.toLocaleString('en')} | ${(f['model-h5'].kerasParams ?? NaN).toLocaleString('en')} | ${r.namesMatch ? 'yes' : 'no'} | ${ok ? 'pass' : 'FAIL'} | ${importCell(r.id)} | ${scriptCell(r.id)} |`;
});
const scriptFailures = [...scripts.keys()].filter((id) => !scriptOk(id));
const importFailures = ids.filter((id) => !importOk(id));
const failures = results.filter((r) => r.error || !(worst(r) <= TOLERANCE));
const md = `# Keras interchange

\`npm run bench:interchange\` — ${new Date().toISOString().slice(0, 10)}, Keras ${keras.keras}, TensorFlow ${keras.tensorflow}.

Every template is built through the app's own path with its initial weights,
exported with the app's exporter (src/node/interchange) as Keras topology JSON
(\`model.to_json()\`), an HDF5 weights file (\`model.save_weights()\`) and a full
HDF5 model (\`model.save()\`), then loaded in Keras: \`model_from_json\` +
\`load_weights\`, and \`load_model\` for the full file. Both sides predict on the
same 100 random valid inputs (word ids below each Embedding's vocabulary,
values in [0, 1) elsewhere). Target: max |difference| ≤ ${TOLERANCE}.

"script params": the run exported as a runnable Keras script with its .npz
(\`run.exportPython\`, sample limit capped at 256), run in bench/.venv with
\`--max-steps 2 --epochs 1\` (mlp-mnist with \`--strategy mirrored\`, on CPU);
the \`Total params:\` it prints, which must equal LayerLab's count.

"import of Keras' save": Keras' own \`model.save()\` of the loaded network
(.h5), imported by LayerLab's importer (\`project.importKeras\`): whether the
graph is the template's (layers, params, connections), what the importer
reported, and the max |difference| between LayerLab's predictions with the
imported weights and Keras' own on the same inputs.

| template | formats Keras loaded | max abs diff (json + weights .h5) | max abs diff (model .h5) | params LayerLab (tfjs) | params Keras | weight names = Keras' own | result | import of Keras' save | script params |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

${failures.length ? `**${failures.length} template(s) failed.**` : 'All templates pass.'}
${importFailures.length ? `**Import of Keras' save: ${importFailures.join(', ')} failed.**` : "LayerLab imported Keras' own save of every template: same graph, no problems, same predictions."}
${scriptFailures.length ? `**Script params: ${scriptFailures.join(', ')} failed.**` : 'Every exported script ran and printed LayerLab\'s parameter count.'}
`;
writeFileSync(path.join(benchDir, 'INTERCHANGE.md'), md);
log(`wrote ${path.relative(root, path.join(benchDir, 'INTERCHANGE.md'))}`);
if (failures.length || scriptFailures.length || importFailures.length) process.exitCode = 1;
