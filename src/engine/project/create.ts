import type { Graph } from '../graph';
import { getTemplate } from '../templates';
import { TrainingSettingsSchema, type TrainingSettings } from '../training';
import { CURRENT_PROJECT_VERSION, PROJECT_FORMAT, ProjectSchema, type Project } from './schema';

/** What a new project takes from a template: its id, graph and training settings. */
export interface ProjectTemplateSource {
  id: string;
  graph: Graph;
  /** Settings the template differs in; the rest are the defaults. */
  training?: Partial<TrainingSettings>;
}

export interface CreateProjectOptions {
  name: string;
  /** A template (e.g. from `TEMPLATES`) or a template id; an unknown id throws. */
  template?: ProjectTemplateSource | string | null;
  /** Clock for the timestamps; defaults to now. */
  now?: () => Date;
}

/**
 * A fresh, valid project at the current version: the template's graph and
 * training settings when one is given (copied, so the template is never
 * shared), otherwise an empty graph and the default training settings.
 * Throws if the template's graph or settings are not valid.
 */
export function createProject(options: CreateProjectOptions): Project {
  const stamp = (options.now ?? (() => new Date()))().toISOString();
  let template: ProjectTemplateSource | null = null;
  if (typeof options.template === 'string') {
    template = getTemplate(options.template) ?? null;
    if (!template) throw new Error(`Unknown project template '${options.template}'`);
  } else if (options.template) {
    template = options.template;
  }
  const name = options.name.trim() || 'Untitled';
  return ProjectSchema.parse({
    format: PROJECT_FORMAT,
    version: CURRENT_PROJECT_VERSION,
    name,
    template: template ? template.id : null,
    createdAt: stamp,
    updatedAt: stamp,
    graph: template ? structuredClone(template.graph) : { nodes: [], edges: [] },
    training: TrainingSettingsSchema.parse(template?.training ? structuredClone(template.training) : {}),
    runs: [],
    viewport: null,
  });
}
