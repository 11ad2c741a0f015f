import { createProject } from '../../../engine/project/create';
import type { ProjectTemplate } from '../../../engine/templates';
import { api } from '../api/host';
import { resetHistory, useAppStore } from '../store';
import { laidOutTemplateGraph } from './templateLayout';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function newProject(templateId: string | null): void {
  useAppStore.getState().newProject(templateId);
  resetHistory();
}

/** A new, unsaved project from a template, laid out where its own positions would overlap. */
export async function newProjectFromTemplate(template: ProjectTemplate): Promise<void> {
  const graph = await laidOutTemplateGraph(template);
  useAppStore.getState().loadProject(createProject({ name: template.title, template: { ...template, graph } }), null);
  resetHistory();
}

export async function openProjectAt(path: string): Promise<boolean> {
  try {
    const opened = await api.call('project.open', { path });
    useAppStore.getState().loadProject(opened.project, opened.path, opened.problems);
    resetHistory();
    useAppStore.getState().showNotice(`Opened ${opened.path}`, 'info');
    return true;
  } catch (error) {
    useAppStore.getState().showNotice(errorText(error));
    return false;
  }
}

export async function saveProjectAt(path: string): Promise<boolean> {
  const state = useAppStore.getState();
  try {
    const saved = await api.call('project.save', { path, project: state.toProject() });
    useAppStore.getState().markSaved(saved.path);
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
