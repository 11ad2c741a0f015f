import type { Graph } from '../graph';
import { autoencoderMnistTemplate } from './autoencoder-mnist';
import { cnnCifar10Template } from './cnn-cifar10';
import { cnnMnistTemplate } from './cnn-mnist';
import { encdecJaEnTemplate } from './encdec-jaen';
import { lstmLmAliceTemplate } from './lstm-lm-alice';
import { mlpMnistTemplate } from './mlp-mnist';
import { gru2ImdbTemplate, gruImdbTemplate, lstmImdbTemplate } from './sentiment';
import type { ProjectTemplate } from './types';
import { cbowAliceTemplate, skipgramAliceTemplate } from './word2vec';

export type { ProjectTemplate, TutorialReference } from './types';
export { cnnMnistTemplate } from './cnn-mnist';
export { mlpMnistTemplate } from './mlp-mnist';
export { chainGraph, connect, layerNode, ROW_SPACING } from './build';

/** The tutorial's networks, in its order (the autoencoder joins the image group in the gallery). */
export const TEMPLATES: readonly ProjectTemplate[] = [
  mlpMnistTemplate,
  cnnMnistTemplate,
  cnnCifar10Template,
  gruImdbTemplate,
  gru2ImdbTemplate,
  lstmImdbTemplate,
  lstmLmAliceTemplate,
  encdecJaEnTemplate,
  autoencoderMnistTemplate,
  cbowAliceTemplate,
  skipgramAliceTemplate,
];

/** A fresh deep copy of a template, safe to edit; undefined for an unknown id. */
export function getTemplate(id: string): ProjectTemplate | undefined {
  const template = TEMPLATES.find((t) => t.id === id);
  return template ? (JSON.parse(JSON.stringify(template)) as ProjectTemplate) : undefined;
}

export function emptyGraph(): Graph {
  return { nodes: [], edges: [] };
}
