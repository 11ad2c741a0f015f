import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createProject } from '../engine/project/create';
import type { Graph } from '../engine/graph';
import { summarizeModel } from '../engine/summary';
import { getTemplate, TEMPLATES, type ProjectTemplate } from '../engine/templates';
import { TrainingSettingsSchema } from '../engine/training';
import type { AnyEvent } from '../shared/contract';
import { openProjectFile, saveProjectFile } from '../node/projectStore';
import { SettingsStore } from '../node/settingsStore';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { TrainingService } from '../node/trainingService';
import { WeightsStore } from '../node/weightsStore';
import { formatModelSummary, formatRunSummary } from './format';
import { ProgressPrinter } from './progressPrinter';

const USAGE = `Usage: npm run train -- <project.layerlab> [options]
       npm run train -- --list-templates
       npm run train -- --template ID --summary

Trains a saved project headlessly and writes the run and its weights back into it.

Options:
  --epochs N         override the project's epoch count
  --batch-size N     override the batch size
  --train-limit N    train on the first N samples only
  --backend B        auto (default: native, else wasm, else cpu), native, wasm or cpu;
                     same as LAYERLAB_BACKEND
  --template ID      create the project from a template first if the file does not exist
                     (templates: ${TEMPLATES.map((t) => t.id).join(', ')})
  --summary          print the model's Keras-style summary (of --template ID, else of the
                     project) and exit without training or writing anything
  --list-templates   print the template ids and titles, one per line
  -h, --help         show this help

Environment: LAYERLAB_DATA_DIR (dataset directories, ':'-separated), LAYERLAB_HOME (settings and cache).`;

/** A mistake in the command line: reported with exit status 2, like a missing argument. */
class UsageError extends Error {}

function templateOrThrow(id: string): ProjectTemplate {
  const template = getTemplate(id);
  if (!template) throw new UsageError(`--template: unknown template '${id}'; the templates are: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  return template;
}

function listTemplates(): string {
  const width = Math.max(...TEMPLATES.map((t) => t.id.length));
  return TEMPLATES.map((t) => `${t.id.padEnd(width)}  ${t.title}`).join('\n');
}

async function printSummary(templateId: string | undefined, file: string | undefined): Promise<void> {
  let graph: Graph;
  if (templateId) graph = templateOrThrow(templateId).graph;
  else if (file) {
    // Opened read-only: the weights store is only consulted, nothing is written.
    const weights = new WeightsStore((await new SettingsStore().datasetDirs()).weightsDir);
    graph = (await openProjectFile(path.resolve(file), weights)).project.graph;
  } else throw new UsageError('--summary: name a template (--template ID) or a project file');
  console.log(formatModelSummary(graph, summarizeModel(graph)));
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name}: expected a positive whole number, got '${value}'`);
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      'train-limit': { type: 'string' },
      backend: { type: 'string' },
      template: { type: 'string' },
      summary: { type: 'boolean' },
      'list-templates': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values['list-templates']) {
    console.log(listTemplates());
    return 0;
  }
  if (values.summary) {
    await printSummary(values.template, positionals[0]);
    return 0;
  }
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.backend) {
    if (!['auto', 'native', 'wasm', 'cpu'].includes(values.backend)) throw new UsageError(`--backend: expected auto, native, wasm or cpu, got '${values.backend}'`);
    process.env.LAYERLAB_BACKEND = values.backend;
  }
  const file = path.resolve(positionals[0]!);
  const settingsStore = new SettingsStore();
  const weights = new WeightsStore((await settingsStore.datasetDirs()).weightsDir);
  if (values.template && !existsSync(file)) {
    const template = templateOrThrow(values.template);
    await saveProjectFile(file, createProject({ name: template.title, template }), weights);
    console.log(`Created ${file} from the '${template.id}' template`);
  }
  const { project, problems } = await openProjectFile(file, weights);
  for (const problem of problems) console.warn(`warning: ${problem}`);

  const overrides = {
    epochs: positiveInt('epochs', values.epochs),
    batchSize: positiveInt('batch-size', values['batch-size']),
    trainLimit: positiveInt('train-limit', values['train-limit']),
  };
  const settings = TrainingSettingsSchema.parse({
    ...project.training,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    // A terminal shows no layer images; a saved run's can still be drawn from its weights.
    imageEvery: null,
  });

  const progress = new ProgressPrinter();
  const onEvent = (event: AnyEvent) => progress.handle(event);

  const training = new TrainingService(resolveTrainerLaunch(__dirname), settingsStore, onEvent);
  const runName = `Run ${project.runs.length + 1} (CLI)`;
  const { runId, finished } = await training.start({ graph: project.graph, settings, runName, initialWeightsFrom: null, template: project.template });
  process.once('SIGINT', () => {
    console.log('\nStopping after the current batch…');
    training.stop(runId);
  });
  const run = await finished;
  progress.stop();

  const updated = { ...project, runs: [...project.runs, run], updatedAt: new Date().toISOString() };
  const saved = await saveProjectFile(file, updated, weights);
  console.log(formatRunSummary(run, training.backendInfo));
  console.log(`Saved ${run.name} to ${saved.path}`);
  return run.status === 'failed' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    // parseArgs' own complaints (unknown or malformed options) are usage mistakes too.
    const usage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    process.exit(usage ? 2 : 1);
  },
);
