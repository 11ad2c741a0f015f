import { DATASETS } from '../../../engine/datasets';
import { createProject } from '../../../engine/project/create';
import { datasetThatFits } from '../../../engine/trainingPlan';
import type { ProjectTemplate } from '../../../engine/templates';
import { api } from '../api/host';
import { resetHistory, useAppStore } from '../store';
import { clearRecovery } from './recovery';
import { lastProjectPath, setLastProjectPath } from './session';
import { laidOutTemplateGraph, layOutGraph } from './templateLayout';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where Save As proposes to write a project: the projects folder, the name made file-safe. */
export function suggestedSavePath(projectsDir: string, name: string): string {
  return `${projectsDir}/${name.replace(/[^\w.-]+/g, '-')}.layerlab`;
}

/** Puts a project file at the top of the recent list (best effort). */
function rememberRecent(path: string): void {
  api.call('recent.add', { path }).catch(() => undefined);
}

export function newProject(templateId: string | null): void {
  useAppStore.getState().newProject(templateId);
  resetHistory();
  // A reload now starts afresh, not in the project left behind.
  setLastProjectPath(null);
}

/** A new, unsaved project from a template, laid out where its own positions would overlap. */
export async function newProjectFromTemplate(template: ProjectTemplate): Promise<void> {
  const graph = await laidOutTemplateGraph(template);
  useAppStore.getState().loadProject(createProject({ name: template.title, template: { ...template, graph } }), null);
  resetHistory();
  setLastProjectPath(null);
}

export interface OpenOptions {
  /** Asked once the file is read: false leaves the current project as it is (e.g. the user moved on meanwhile). */
  shouldApply?: () => boolean;
}

export async function openProjectAt(path: string, options: OpenOptions = {}): Promise<boolean> {
  try {
    const opened = await api.call('project.open', { path });
    if (options.shouldApply && !options.shouldApply()) return false;
    useAppStore.getState().loadProject(opened.project, opened.path, opened.problems);
    resetHistory();
    useAppStore.getState().showNotice(`Opened ${opened.path}`, 'info');
    setLastProjectPath(opened.path);
    rememberRecent(opened.path);
    // Whatever was autosaved belonged to the project just replaced (saved or discarded before).
    void clearRecovery().catch(() => undefined);
    return true;
  } catch (error) {
    useAppStore.getState().showNotice(errorText(error));
    return false;
  }
}

/** The file name at the end of a path, '/' or '\\' separated. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export type KerasImportOutcome = { ok: true } | { ok: false; error: string };

/**
 * Makes a new, unsaved project from a Keras model file (JSON, .h5 or .keras):
 * its graph, laid out, and its weights as a run. `weightsPath` is a
 * `model.save_weights()` HDF5 file whose weights are used instead (a JSON
 * model has none of its own). What the importer could not carry over (a layer
 * LayerLab lacks, a setting it ignores) is listed as the project's load
 * problems. The caller has asked about unsaved changes. A failure is shown
 * as a notice and returned, for the dialog to show beside the paths.
 */
export async function importKerasAt(path: string, weightsPath: string | null = null): Promise<KerasImportOutcome> {
  try {
    const imported = await api.call('project.importKeras', weightsPath ? { path, weightsPath } : { path });
    const name = baseName(path).replace(/\.(json|h5|hdf5|keras)$/i, '') || 'Imported model';
    const base = createProject({ name });
    // A Keras file names no dataset: train on the first one the model fits as it is (the tutorial's IMDB for its GRU).
    const dataset = datasetThatFits(imported.graph, DATASETS);
    const training = dataset ? { ...base.training, dataset } : base.training;
    const project = { ...base, training, graph: await layOutGraph(imported.graph), runs: imported.run ? [{ ...imported.run, settings: { ...imported.run.settings, dataset: training.dataset } }] : [] };
    useAppStore.getState().loadImported(project, imported.problems);
    resetHistory();
    const weights = weightsPath
      ? imported.run
        ? ` with the weights from ${baseName(weightsPath)} as a run`
        : ` but not the weights from ${baseName(weightsPath)}`
      : imported.run
        ? ' with its weights as a run'
        : ' (no weights)';
    const problems = imported.problems.length > 0 ? `; ${imported.problems.length} thing(s) could not be carried over (listed above the canvas)` : '';
    useAppStore.getState().showNotice(`Imported ${path}${weights}${problems}`, imported.problems.length > 0 ? 'error' : 'info');
    return { ok: true };
  } catch (error) {
    const text = `Keras import failed: ${errorText(error)}`;
    useAppStore.getState().showNotice(text);
    return { ok: false, error: text };
  }
}

/**
 * At start: reopens the project this browser had open last, unless the user
 * has already picked or changed something. A file that is gone is forgotten.
 */
export async function reopenLastProject(): Promise<boolean> {
  const path = lastProjectPath();
  if (!path) return false;
  const { meta, graph } = useAppStore.getState();
  const untouched = () => {
    const now = useAppStore.getState();
    return now.meta === meta && now.graph === graph;
  };
  const reopened = await openProjectAt(path, { shouldApply: untouched });
  if (!reopened && untouched()) setLastProjectPath(null);
  return reopened;
}

export async function saveProjectAt(path: string): Promise<boolean> {
  const state = useAppStore.getState();
  // Edits made while the file is written are not in it: they stay dirty.
  const snapshot = state.savedSnapshot();
  try {
    const saved = await api.call('project.save', { path, project: state.toProject() });
    useAppStore.getState().markSaved(saved.path, snapshot);
    setLastProjectPath(saved.path);
    rememberRecent(saved.path);
    void clearRecovery().catch(() => undefined);
    if (saved.warnings.length > 0) useAppStore.getState().showNotice(`Saved ${saved.path}, but: ${saved.warnings.join('; ')}`);
    else useAppStore.getState().showNotice(`Saved ${saved.path}`, 'info');
    return true;
  } catch (error) {
    useAppStore.getState().showNotice(`Save failed: ${errorText(error)}`);
    return false;
  }
}

/** Native dialog in Electron; in a browser the caller shows LayerLab's own dialog. */
export async function pickOpenPath(): Promise<{ supported: boolean; path: string | null }> {
  return api.call('dialog.openProject', {});
}

export async function pickSavePath(suggestedName: string): Promise<{ supported: boolean; path: string | null }> {
  return api.call('dialog.saveProject', { suggestedName });
}
