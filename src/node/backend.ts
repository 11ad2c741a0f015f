import path from 'node:path';
import { findDataset } from '../engine/datasets';
import { ApiError, type ApiHandlers, type AnyEvent, type SystemInfo } from '../shared/contract';
import { datasetStatus, ensureDataset, previewSamples } from './datasets';
import { importKerasBytes, KerasWeightsFileError } from './interchange/importKeras';
import { readProjectFileBytes } from './safeRead';
import { listProjectFiles, openProjectFile, saveProjectFile } from './projectStore';
import { RecoveryStore } from './recoveryStore';
import { describeRecent, envDataDirs, SettingsStore } from './settingsStore';
import type { TrainerLaunch } from './trainerSupervisor';
import { PlaygroundService } from './playground/playgroundService';
import { runStartupHousekeeping, type HousekeepingReport } from './storageSweep';
import { TrainingService } from './trainingService';
import { WeightsStore } from './weightsStore';
import { exportRunToKeras } from './interchange/exportRun';
import { exportRunToPython } from './interchange/exportPython';

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
  /** Autosaved unsaved work; defaults to `<settings home>/recovery`. */
  recovery?: RecoveryStore;
  dialogs?: HostDialogs;
}

function datasetOrThrow(id: string) {
  const spec = findDataset(id);
  if (!spec) throw new ApiError('not-found', `Unknown dataset '${id}'`);
  return spec;
}

/** The contract's implementation, shared by every host. Hosts only move messages. */
export interface Backend {
  handlers: ApiHandlers;
  training: TrainingService;
  playground: PlaygroundService;
  /** The start-up sweep of killed saves' temp files and unreferenced weights, running in the background. */
  housekeeping: Promise<HousekeepingReport>;
}

export function createBackend(options: BackendOptions): Backend {
  const settings = options.settings ?? new SettingsStore();
  const training = new TrainingService(options.trainer, settings, options.emit);
  const playground = new PlaygroundService(options.trainer, settings);
  const recovery = options.recovery ?? new RecoveryStore(path.join(settings.home, 'recovery'));
  const weightsStore = async () => new WeightsStore((await settings.datasetDirs()).weightsDir);
  const housekeeping = housekeep(settings, recovery.dir, () => [
    ...(training.activeRunId ? [training.activeRunId] : []),
    ...playground.openRunIds,
  ]);

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
    'project.importKeras': async ({ path: file, weightsPath }) => {
      const resolved = path.resolve(file);
      // Same size and file-type limits as opening a project: a Keras file is at most as big.
      const weightsFile = weightsPath ? { bytes: await readProjectFileBytes(path.resolve(weightsPath)), fileName: path.resolve(weightsPath) } : undefined;
      const imported = await importKerasBytes(await readProjectFileBytes(resolved), resolved, weightsFile).catch((err: unknown) => {
        if (err instanceof ApiError) throw err;
        // A bad weights file is named on its own; anything else is the model file's.
        throw new ApiError('invalid-file', err instanceof KerasWeightsFileError ? err.message : `${resolved}: ${err instanceof Error ? err.message : String(err)}`);
      });
      if (imported.run && imported.weights) await (await weightsStore()).write(imported.run.id, imported.weights);
      return { graph: imported.graph, run: imported.run, problems: imported.problems };
    },
    'recent.list': async () => ({ projects: await describeRecent(await settings.recentProjects()) }),
    'recent.add': async ({ path: file }) => ({ projects: await describeRecent(await settings.addRecentProject(path.resolve(file))) }),
    'recent.remove': async ({ path: file }) => ({ projects: await describeRecent(await settings.removeRecentProject(path.resolve(file))) }),
    'recovery.write': ({ slot, project, filePath }) => recovery.write(slot, project, filePath),
    'recovery.read': async ({ slot }) => ({ recovery: await recovery.read(slot) }),
    'recovery.clear': async ({ slot }) => ({ cleared: await recovery.clear(slot) }),
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
    'training.start': async ({ graph, settings: trainingSettings, runName, initialWeightsFrom, template }) => {
      const { runId } = await training.start({ graph, settings: trainingSettings, runName, initialWeightsFrom, template });
      return { runId };
    },
    'training.stop': async ({ runId }) => ({ stopping: training.stop(runId) }),
    'training.pause': async ({ runId }) => ({ paused: training.pause(runId) }),
    'training.resume': async ({ runId }) => ({ resumed: training.resume(runId) }),
    'training.evaluate': ({ run, checkpointId, limit, evaluationId }) => training.evaluate(run, { checkpointId, limit, evaluationId }),
    'training.cancelEvaluation': async ({ evaluationId }) => ({ cancelled: training.cancelEvaluation(evaluationId) }),
    'training.activations': ({ run, samples }) => training.activations(run, samples),
    'run.exportKeras': async (request) => exportRunToKeras(request, await weightsStore()),
    'run.exportPython': async (request) => exportRunToPython(request, await settings.datasetDirs()),
    'playground.open': async ({ run }) => playground.open(run),
    'playground.predict': (input) => playground.predict(input),
    'playground.generate': (input) => playground.generate(input),
    'playground.translate': (input) => playground.translate(input),
    'playground.sentiment': (input) => playground.sentiment(input),
    'playground.similar': (input) => playground.similar(input),
    'playground.vectors': (input) => playground.vectors(input),
  };
  return { handlers, training, playground, housekeeping };
}

/**
 * Once per start: removes temp files that killed saves left where saves go
 * (the projects folder, recent projects' folders, settings, recovery, weights),
 * then weights that no project file, recovery file or open run refers to.
 */
async function housekeep(settings: SettingsStore, recoveryDir: string, inUse: () => string[]): Promise<HousekeepingReport> {
  try {
    const [{ projectsDir }, recent, { weightsDir }] = await Promise.all([
      settings.get(),
      settings.recentProjects(),
      settings.datasetDirs(),
    ]);
    return await runStartupHousekeeping({
      tempDirs: [projectsDir, settings.home, recoveryDir, ...recent.map((file) => path.dirname(file))],
      gc: { weightsDir, projectDirs: [projectsDir, recoveryDir], projectFiles: recent, inUse: inUse() },
    });
  } catch (err) {
    return { sweptTemp: [], weights: null, error: err instanceof Error ? err.message : String(err) };
  }
}
