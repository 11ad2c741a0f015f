import type { Graph } from '../graph';
import { cnnMnistTemplate } from './cnn-mnist';
import { mlpMnistTemplate } from './mlp-mnist';
import type { ProjectTemplate } from './types';

export type { ProjectTemplate } from './types';
export { cnnMnistTemplate } from './cnn-mnist';
export { mlpMnistTemplate } from './mlp-mnist';
export { chainGraph, connect, layerNode, ROW_SPACING } from './build';

export const TEMPLATES: readonly ProjectTemplate[] = [mlpMnistTemplate, cnnMnistTemplate];

/** A fresh deep copy of a template, safe to edit; undefined for an unknown id. */
export function getTemplate(id: string): ProjectTemplate | undefined {
  const template = TEMPLATES.find((t) => t.id === id);
  return template ? (JSON.parse(JSON.stringify(template)) as ProjectTemplate) : undefined;
}

export function emptyGraph(): Graph {
  return { nodes: [], edges: [] };
}
