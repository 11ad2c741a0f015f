import type { StateCreator } from 'zustand';
import { CURRENT_PROJECT_VERSION, PROJECT_FORMAT, type Project, type RunRecord, type TestResult } from '../../../engine/project/schema';
import { createProject } from '../../../engine/project/create';
import { getTemplate } from '../../../engine/templates';
import type { TrainingSettings } from '../../../engine/training';
import type { AppState } from './index';

export interface Saved {
  graph: AppState['graph'];
  training: TrainingSettings;
  runs: RunRecord[];
  name: string;
}

/** Everything saved in a project besides the graph. */
export interface ProjectSlice {
  meta: Pick<Project, 'name' | 'template' | 'createdAt' | 'viewport'>;
  training: TrainingSettings;
  runs: RunRecord[];
  filePath: string | null;
  /**
   * References to what was last saved, opened or created (New, a template);
   * dirty means any of them changed. Null before the first project is loaded.
   */
  saved: Saved | null;
  /** The project came back from a recovery file: unsaved until it is saved. */
  recovered: boolean;
  problems: string[];
  setTraining(patch: Partial<TrainingSettings>): void;
  setProjectName(name: string): void;
  addRun(run: RunRecord): void;
  updateRun(id: string, patch: Partial<RunRecord>): void;
  deleteRun(id: string): void;
  /** Records a test-set result of one of a run's checkpoints (a new runs array: the project becomes dirty). */
  setCheckpointTest(runId: string, checkpointId: string, test: TestResult): void;
  /**
   * Appends runs from another project (they keep their ids, so their stored
   * weights still match); a run whose id is already here is skipped.
   */
  importRuns(runs: readonly RunRecord[]): { added: RunRecord[]; skipped: RunRecord[] };
  loadProject(project: Project, filePath: string | null, problems?: string[]): void;
  newProject(templateId: string | null): void;
  /** A project made from an imported file: like a new one, but unsaved (dirty) from the start. */
  loadImported(project: Project, problems: string[]): void;
  /** Loads autosaved work: like loadProject, but dirty until saved. */
  restoreRecovered(project: Project, filePath: string | null): void;
  /** `snapshot`: what was written, taken before the save began (edits made meanwhile stay dirty); default now. */
  markSaved(filePath: string, snapshot?: Saved): void;
  /** What would be recorded as saved if the project were saved now. */
  savedSnapshot(): Saved;
  toProject(): Project;
}

/** Whether the project changed since it was last saved, opened or created: closing it would lose work. */
export function isDirty(state: AppState): boolean {
  if (state.recovered) return true;
  const saved = state.saved;
  if (!saved) return state.graph.nodes.length > 0 || state.runs.length > 0;
  return saved.graph !== state.graph || saved.training !== state.training || saved.runs !== state.runs || saved.name !== state.meta.name;
}

export const createProjectSlice: StateCreator<AppState, [], [], ProjectSlice> = (set, get) => ({
  meta: { name: 'Untitled', template: null, createdAt: new Date().toISOString(), viewport: null },
  training: createProject({ name: 'Untitled' }).training,
  runs: [],
  filePath: null,
  saved: null,
  recovered: false,
  problems: [],
  setTraining(patch) {
    set({ training: { ...get().training, ...patch } });
  },
  setProjectName(name) {
    set({ meta: { ...get().meta, name } });
  },
  addRun(run) {
    set({ runs: [...get().runs, run] });
  },
  updateRun(id, patch) {
    set({ runs: get().runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) });
  },
  deleteRun(id) {
    set({ runs: get().runs.filter((r) => r.id !== id) });
  },
  setCheckpointTest(runId, checkpointId, test) {
    set({
      runs: get().runs.map((r) =>
        r.id === runId ? { ...r, checkpoints: r.checkpoints.map((c) => (c.id === checkpointId ? { ...c, test } : c)) } : r,
      ),
    });
  },
  importRuns(incoming) {
    const ids = new Set(get().runs.map((r) => r.id));
    const added: RunRecord[] = [];
    const skipped: RunRecord[] = [];
    for (const run of incoming) {
      if (ids.has(run.id)) {
        skipped.push(run);
      } else {
        ids.add(run.id);
        added.push(run);
      }
    }
    // A new runs array: the project becomes dirty, so the imported runs get saved.
    if (added.length > 0) set({ runs: [...get().runs, ...added] });
    return { added, skipped };
  },
  loadProject(project, filePath, problems = []) {
    const { graph, training, runs, name, template, createdAt, viewport } = project;
    set({
      graph,
      training,
      runs,
      meta: { name, template, createdAt, viewport },
      filePath,
      problems,
      selectedNodeIds: [],
      // A new project (template or empty) is clean until edited, like an opened one.
      saved: { graph, training, runs, name },
      recovered: false,
      viewedRunId: runs.at(-1)?.id ?? null,
      live: null,
    });
  },
  newProject(templateId) {
    const template = templateId ? getTemplate(templateId) : undefined;
    get().loadProject(createProject({ name: template?.title ?? 'Untitled', ...(template ? { template } : {}) }), null);
  },
  loadImported(project, problems) {
    get().loadProject(project, null, problems);
    set({ saved: null });
  },
  restoreRecovered(project, filePath) {
    get().loadProject(project, filePath);
    set({ recovered: true });
  },
  markSaved(filePath, snapshot) {
    set({ filePath, saved: snapshot ?? get().savedSnapshot(), recovered: false });
  },
  savedSnapshot() {
    const { graph, training, runs, meta } = get();
    return { graph, training, runs, name: meta.name };
  },
  toProject() {
    const { graph, training, runs, meta } = get();
    return {
      format: PROJECT_FORMAT,
      version: CURRENT_PROJECT_VERSION,
      name: meta.name,
      template: meta.template,
      createdAt: meta.createdAt,
      updatedAt: new Date().toISOString(),
      graph,
      training,
      runs,
      viewport: meta.viewport,
    };
  },
});
