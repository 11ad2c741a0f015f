/**
 * LayerLab's side of the "script params" column of `npm run bench:interchange` (run with tsx).
 *
 *   npx tsx bench/pythonScriptExport.ts --out DIR [--only a,b] [--limit 256]
 *
 * Per template: exports it with the app's own `run.exportPython` path
 * (src/node/interchange/exportPython) as DIR/ID/run.py + run.npz, with the
 * sample limit (train and test) capped at `limit` to keep the .npz small;
 * the model, and so its parameter count, is unchanged. Prints one JSON line
 * per template with LayerLab's parameter count.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { summarizeModel } from '../src/engine/summary';
import { TEMPLATES } from '../src/engine/templates';
import { exportRunToPython } from '../src/node/interchange/exportPython';
import { datasetDirs } from './datasetDirs';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const outRoot = path.resolve(option('out') ?? path.join(__dirname, '.cache', 'python-script'));
const only = option('only')?.split(',');
const cap = Number(option('limit') ?? 256);

async function main(): Promise<void> {
  for (const template of TEMPLATES.filter((t) => !only || only.includes(t.id))) {
    const dir = path.join(outRoot, template.id);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const settings = {
      ...template.training,
      trainLimit: Math.min(template.training.trainLimit ?? cap, cap),
      testLimit: Math.min(template.training.testLimit ?? cap, cap),
    };
    try {
      const written = await exportRunToPython({ run: { name: template.id, graph: template.graph, settings }, path: path.join(dir, 'run.py') }, datasetDirs(path.join(dir, 'weights')));
      const params = summarizeModel(template.graph).totalParams;
      console.log(JSON.stringify({ id: template.id, script: written.path, bytes: written.bytes, params, seconds: (performance.now() - started) / 1000 }));
    } catch (error) {
      console.log(JSON.stringify({ id: template.id, error: error instanceof Error ? error.message : String(error) }));
    }
  }
}

void main();
