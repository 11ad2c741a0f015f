// `npm run fidelity`: does LayerLab learn what Keras learns? Each template is
// trained with its own (the tutorial's) settings, first in LayerLab through the
// app's path (bench/layerlab.ts train → train()), then in Keras 2.15 from the
// exported topology JSON on the same data (bench/keras_bench.py fidelity).
// Writes bench/fidelity/ID.{layerlab,keras}.json (kept, so an interrupted run
// resumes), bench/fidelity/ID.svg and bench/FIDELITY.md. Reported, never asserted.
//
//   node bench/fidelity.mjs [--only id,id] [--fresh] [--report] [--keep-data] [--seed N]
//     --fresh      re-train sides that already have results
//     --report     only regenerate FIDELITY.md and the SVGs from the saved results
//     --keep-data  keep the exported arrays in bench/.cache/fidelity (they can be large)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { curvesSvg } from './curves.mjs';
import { argvOptions, benchDir, duration, ensureKeras, fmt, keras, lastJson, layerlab, listTemplates, log, root, selectIds } from './lib.mjs';

const { flag, option } = argvOptions();
const templates = await listTemplates();
const ids = selectIds(option('only'), templates);
const outDir = path.join(benchDir, 'fidelity');
const dataDir = path.join(benchDir, '.cache', 'fidelity');
const seed = option('seed') ?? '1';
const HOURS = 3 * 3600 * 1000;
const costOf = new Map(templates.map((t) => [t.id, t.cost]));

const resultFile = (id, side) => path.join(outDir, `${id}.${side}.json`);
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
/** Batch records kept per side: enough for the curves, small enough to commit. */
const MAX_BATCH_RECORDS = 2000;

/** Averages runs of consecutive batches within an epoch so at most MAX_BATCH_RECORDS remain; `batches` counts each run. */
function compactBatches(file) {
  const result = readJson(file);
  if (result?.batchEndMs?.length) {
    // Timing arrays belong to the bench, not to a fidelity record.
    delete result.batchEndMs;
    delete result.batchLosses;
    writeFileSync(file, `${JSON.stringify(result)}\n`);
  }
  if (!result?.batches || result.batches.length <= MAX_BATCH_RECORDS) return;
  const bucket = Math.ceil(result.batches.length / MAX_BATCH_RECORDS);
  const out = [];
  let group = [];
  const flush = () => {
    if (!group.length) return;
    const mean = (key) => (group.every((b) => typeof b[key] === 'number') ? group.reduce((a, b) => a + b[key], 0) / group.length : null);
    out.push({ epoch: group[0].epoch, loss: mean('loss'), acc: mean('acc'), batches: group.length });
    group = [];
  };
  for (const b of result.batches) {
    if (group.length && (group.length >= bucket || group[0].epoch !== b.epoch)) flush();
    group.push(b);
  }
  flush();
  writeFileSync(file, `${JSON.stringify({ ...result, batches: out, batchesAveragedOver: bucket })}\n`);
}

async function trainBoth(id) {
  const have = (side) => !flag('fresh') && readJson(resultFile(id, side)) && !readJson(resultFile(id, side)).error;
  if (!have('layerlab')) {
    log(`${id}: LayerLab training with the template's settings`);
    const r = lastJson(await layerlab(['train', '--id', id, '--out', resultFile(id, 'layerlab')], { timeoutMs: HOURS }));
    if (r.error) writeFileSync(resultFile(id, 'layerlab'), `${JSON.stringify({ id, side: 'layerlab', error: r.error })}\n`);
    else compactBatches(resultFile(id, 'layerlab'));
    log(`${id}: LayerLab ${r.error ? `failed: ${r.error}` : `done in ${duration(r.seconds)}`}`);
  }
  if (!have('keras')) {
    log(`${id}: exporting model.json, settings and data for Keras`);
    const ex = lastJson(await layerlab(['export', '--id', id, '--out', dataDir], { timeoutMs: HOURS }));
    if (ex.error) {
      writeFileSync(resultFile(id, 'keras'), `${JSON.stringify({ id, side: 'keras', error: `export: ${ex.error}` })}\n`);
      log(`${id}: export failed: ${ex.error}`);
      return;
    }
    log(`${id}: Keras training (${ex.train} train samples${ex.test ? `, ${ex.test} test` : ''})`);
    const r = lastJson(await keras(['fidelity', '--dir', path.join(dataDir, id), '--seed', seed, '--out', resultFile(id, 'keras')], { timeoutMs: HOURS }));
    if (r.error) writeFileSync(resultFile(id, 'keras'), `${JSON.stringify({ id, side: 'keras', error: r.error })}\n`);
    else compactBatches(resultFile(id, 'keras'));
    log(`${id}: Keras ${r.error ? `failed: ${r.error}` : `done in ${duration(r.seconds)}`}`);
    if (!flag('keep-data')) rmSync(path.join(dataDir, id), { recursive: true, force: true });
  }
}

/** The figures a verdict compares: test where evaluated, else the last epoch's validation, else training. */
function headline(side, tutorialBatched) {
  if (!side || side.error) return null;
  const last = side.epochs?.at(-1)?.metrics ?? {};
  const accKey = Object.keys(last).find((k) => k === 'acc' || (k.endsWith('_acc') && !k.startsWith('val_')));
  if (side.test && Number.isFinite(side.test.loss)) {
    return { where: 'test', loss: side.test.loss, acc: side.test.accuracy ?? null };
  }
  if (typeof last.val_loss === 'number') return { where: 'validation (last epoch)', loss: last.val_loss, acc: accKey ? (last[`val_${accKey}`] ?? null) : null };
  if (tutorialBatched && typeof last.loss_sum === 'number') return { where: 'loss summed over the last pass', loss: last.loss_sum, acc: accKey ? last[accKey] : null };
  return { where: 'training (last epoch)', loss: last.loss ?? Number.NaN, acc: accKey ? last[accKey] : null };
}

function verdict(ll, kr) {
  if (!ll || !kr) return 'not compared (a side is missing)';
  const accGap = ll.acc !== null && kr.acc !== null ? (ll.acc - kr.acc) * 100 : null;
  const lossGap = ((ll.loss - kr.loss) / Math.abs(kr.loss)) * 100;
  const accOk = accGap === null || Math.abs(accGap) <= 1;
  const lossOk = Math.abs(lossGap) <= 5;
  const gaps = `${accGap === null ? '' : `accuracy ${accGap >= 0 ? '+' : ''}${fmt(accGap, 2)} points, `}loss ${lossGap >= 0 ? '+' : ''}${fmt(lossGap, 1)}%`;
  return accOk && lossOk ? `**matches Keras** (${gaps})` : `**differs**: ${gaps} (LayerLab − Keras)`;
}

const lastEpochLine = (side) => {
  const m = side?.epochs?.at(-1)?.metrics;
  if (!m) return '-';
  return Object.entries(m)
    .map(([k, v]) => `${k} ${fmt(v, 4)}`)
    .join(', ');
};

function describe(side, h) {
  if (!side) return 'not run yet';
  if (side.error) return `error: ${side.error}`;
  const test = side.test ? `; test loss ${fmt(side.test.loss, 4)}${side.test.accuracy !== null && side.test.accuracy !== undefined ? `, acc ${fmt(side.test.accuracy, 4)}` : ''}` : '';
  return `last epoch: ${lastEpochLine(side)}${test} (${side.epochs?.length ?? 0} epochs, ${duration(side.seconds)}${h ? `; compared: ${h.where}` : ''})`;
}

function tutorialLine(t) {
  if (!t) return '-';
  const last = t.epochs?.at(-1);
  const lastLine = last ? Object.entries(last).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  const test = t.test ? `; test ${Object.entries(t.test).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
  return `${t.result}${lastLine ? ` (last printed epoch: ${lastLine}${test})` : test ? ` (${test.slice(2)})` : ''}`;
}


/**
 * Keras runs of the same template with other seeds (bench/fidelity/ID.keras.seedN.json, from
 * \`--seed N\` runs kept aside): Keras against Keras shows how far one run lands from another.
 */
function noiseSection() {
  const files = readdirSync(outDir).filter((f) => /\.keras\.seed\d+\.json$/.test(f)).sort();
  if (files.length === 0) return '';
  const rows = files.map((file) => {
    const [id, , seedPart] = file.split('.');
    const other = readJson(path.join(outDir, file));
    const main = readJson(resultFile(id, 'keras'));
    const last = (r) => r?.epochs?.at(-1)?.metrics ?? {};
    const cell = (m) => ['val_acc', 'val_loss', 'acc', 'loss'].filter((k) => k in m).map((k) => `${k} ${fmt(m[k], 4)}`).join(', ');
    return `| ${id} | ${cell(last(main))} | ${seedPart}: ${cell(last(other))} |`;
  });
  return `
## Run-to-run noise: Keras against Keras

The same template, data and settings in Keras with another seed. Where Keras lands this far from itself, one LayerLab run against one Keras run cannot meet a 1-point / 5% rule; compare the curves instead.

| template | Keras, seed ${seed} (last epoch) | Keras, another seed (last epoch) |
| --- | --- | --- |
${rows.join('\n')}
`;
}

async function report() {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const rows = [];
  const sections = [];
  for (const { id } of templates) {
    const t = byId.get(id);
    for (const side of ['layerlab', 'keras']) compactBatches(resultFile(id, side));
    const ll = readJson(resultFile(id, 'layerlab'));
    const kr = readJson(resultFile(id, 'keras'));
    const tutorialBatched = t?.training?.batching === 'tutorial';
    const hl = headline(ll, tutorialBatched);
    const hk = headline(kr, tutorialBatched);
    const fig = (h) => (h ? `${h.acc !== null ? `acc ${fmt(h.acc, 4)}, ` : ''}loss ${fmt(h.loss, 4)}` : '-');
    const v = ll && kr ? verdict(hl, hk) : 'not run yet';
    rows.push(`| ${id} | ${t?.tutorial?.result ?? '-'} | ${fig(hk)} | ${fig(hl)} | ${v} |`);
    if (ll || kr) {
      const svg = curvesSvg({ id, sides: { layerlab: ll && !ll.error ? ll : null, keras: kr && !kr.error ? kr : null }, tutorialEpochs: t?.tutorial?.epochs, lossKey: tutorialBatched ? 'loss_sum' : 'loss' });
      writeFileSync(path.join(outDir, `${id}.svg`), svg);
    }
    const params = kr && !kr.error ? `Parameters: LayerLab ${kr.layerlabParams?.toLocaleString('en')}, Keras \`count_params()\` ${kr.params?.toLocaleString('en')}${kr.params !== kr.layerlabParams ? ' (**differ**)' : ''}.` : '';
    const s = t?.training;
    const how = s
      ? `Settings: ${s.epochs} epoch(s), ${s.batching === 'tutorial' ? "the tutorial's batches (`train_on_batch`)" : `batch ${s.batchSize}, shuffled`}, validation ${s.validation === 'split' ? `split ${s.validationSplit}` : s.validation}${s.corpusLines ? `, first ${s.corpusLines} corpus lines` : ''}, ${s.optimizer.kind} lr ${s.optimizer.learningRate}.`
      : '';
    sections.push(`### ${id}${t ? ` — ${t.title}` : ''}

- The tutorial (${t?.tutorial?.section ?? '-'}): ${tutorialLine(t?.tutorial)}
- Keras 2.15: ${describe(kr, hk)}
- LayerLab: ${describe(ll, hl)}
- Verdict: ${v}
- ${how} ${params}

![${id} curves](fidelity/${id}.svg)
`);
  }
  const md = `# Fidelity: LayerLab against Keras on the tutorial's networks

Generated by \`npm run fidelity\` (bench/fidelity.mjs). Each template trains with its own settings (the tutorial's epochs, batch size, validation, batching and corpus size) twice: in LayerLab through the app's path (template → \`planTraining\` → \`train()\` on the native backend), and in Keras 2.15 (bench/.venv) from the Keras topology JSON LayerLab exports, on the very arrays LayerLab's loaders produce (\`fit\` with the same batch size, shuffled, or \`train_on_batch\` over the tutorial's batches). One run per side (seed ${seed} in Keras; LayerLab's initial weights are its own random draw), so differences of a few tenths of a point are run-to-run noise.

**Verdict rule:** "matches Keras" when the compared accuracy is within 1 point of Keras' and the compared loss within 5% of it. Compared figures: the test set where the template evaluates one, else the last epoch's validation, else (tutorial batching) the loss summed over the last pass, else the last training epoch.

| template | the tutorial printed | Keras 2.15 | LayerLab | verdict |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
${noiseSection()}
## Per template

${sections.join('\n')}`;
  writeFileSync(path.join(benchDir, 'FIDELITY.md'), md);
  log(`wrote ${path.relative(root, path.join(benchDir, 'FIDELITY.md'))}`);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  if (!flag('report')) {
    const info = await ensureKeras();
    if (info.error) throw new Error(info.error);
    // Cheapest first, so a run cut short still fills the most rows.
    for (const id of [...ids].sort((a, b) => costOf.get(a) - costOf.get(b))) {
      await trainBoth(id);
      await report();
    }
  } else await report();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
