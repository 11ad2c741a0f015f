import path from 'node:path';
import { findDataset } from '../engine/datasets';
import { ApiError, type ApiHandlers, type AnyEvent, type SystemInfo } from '../shared/contract';
import { datasetStatus, ensureDataset, previewSamples } from './datasets';
import { listProjectFiles, openProjectFile, saveProjectFile } from './projectStore';
import { envDataDirs, SettingsStore } from './settingsStore';
import type { TrainerLaunch } from './trainerSupervisor';
import { PlaygroundService } from './playground/playgroundService';
import { TrainingService } from './trainingService';
import { WeightsStore } from './weightsStore';

/** Native dialogs exist only in Electron; the web host leaves them out and the UI shows its own. */
export interface HostDialogs {
  openProject(): Promise<string | null>;
  saveProject(suggestedName: string): Promise<string | null>;
}

export interface BackendOptions {
  host: SystemInfo['host'];
  appVersion: string;
  trainer: TrainerLaunch;
  emit: (event: AnyEvent) => void;
  settings?: SettingsStore;
  dialogs?: HostDialogs;
}

function datasetOrThrow(id: string) {
  const spec = findDataset(id);
  if (!spec) throw new ApiError('not-found', `Unknown dataset '${id}'`);
  return spec;
}

/** The contract's implementation, shared by every host. Hosts only move messages. */
export function createBackend(options: BackendOptions): { handlers: ApiHandlers; training: TrainingService; playground: PlaygroundService } {
  const settings = options.settings ?? new SettingsStore();
  const training = new TrainingService(options.trainer, settings, options.emit);
  const playground = new PlaygroundService(options.trainer, settings);
  const weightsStore = async () => new WeightsStore((await settings.datasetDirs()).weightsDir);

  const handlers: ApiHandlers = {
    'system.info': async () => ({
      host: options.host,
      appVersion: options.appVersion,
      platform: `${process.platform}-${process.arch}`,
      backend: await training.probeBackend().catch(() => null),
      envDataDirs: envDataDirs(),
    }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'dialog.openProject': async () =>
      options.dialogs ? { supported: true, path: await options.dialogs.openProject() } : { supported: false, path: null },
    'dialog.saveProject': async ({ suggestedName }) =>
      options.dialogs
        ? { supported: true, path: await options.dialogs.saveProject(suggestedName) }
        : { supported: false, path: null },
    'project.list': async ({ dir }) => {
      const target = path.resolve(dir ?? (await settings.get()).projectsDir);
      return { dir: target, files: await listProjectFiles(target) };
    },
    'project.open': async ({ path: file }) => {
      const opened = await openProjectFile(path.resolve(file), await weightsStore());
      return { path: path.resolve(file), project: opened.project, problems: opened.problems };
    },
    'project.save': async ({ path: file, project }) => saveProjectFile(path.resolve(file), project, await weightsStore()),
    'dataset.status': async ({ id }) => datasetStatus(datasetOrThrow(id), await settings.datasetDirs()),
    'dataset.download': async ({ id }) => {
      const spec = datasetOrThrow(id);
      const dirs = await settings.datasetDirs();
      await ensureDataset(spec, dirs, {
        download: true,
        onProgress: (file, receivedBytes, totalBytes) =>
          options.emit({ event: 'dataset.progress', payload: { datasetId: id, file, receivedBytes, totalBytes } }),
      });
      return datasetStatus(spec, dirs);
    },
    'dataset.preview': async ({ id, split, count }) =>
      previewSamples(datasetOrThrow(id), split, await settings.datasetDirs(), count),
    'training.start': async ({ graph, settings: trainingSettings, runName, initialWeightsFrom }) => {
      const { runId } = await training.start({ graph, settings: trainingSettings, runName, initialWeightsFrom });
      return { runId };
    },
    'training.stop': async ({ runId }) => ({ stopping: training.stop(runId) }),
    'training.evaluate': ({ run }) => training.evaluate(run),
    'training.activations': ({ run, samples }) => training.activations(run, samples),
    'playground.open': async ({ run }) => playground.open(run),
    'playground.predict': (input) => playground.predict(input),
    'playground.generate': (input) => playground.generate(input),
    'playground.translate': (input) => playground.translate(input),
    'playground.sentiment': (input) => playground.sentiment(input),
    'playground.similar': (input) => playground.similar(input),
    'playground.vectors': (input) => playground.vectors(input),
  };
  return { handlers, training, playground };
}
