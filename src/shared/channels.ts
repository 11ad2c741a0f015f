/**
 * Names only, free of zod, so the preload can whitelist channels without
 * bundling schemas. `contract.ts` checks at compile time that these match.
 */
export const CHANNEL_PREFIX = 'layerlab:';
export const EVENT_CHANNEL = 'layerlab:event';

export const METHOD_NAMES = [
  'system.info',
  'settings.get',
  'settings.update',
  'dialog.openProject',
  'dialog.saveProject',
  'project.list',
  'project.open',
  'project.save',
  'project.importKeras',
  'recent.list',
  'recent.add',
  'recent.remove',
  'recovery.write',
  'recovery.read',
  'recovery.clear',
  'dataset.status',
  'dataset.download',
  'dataset.preview',
  'training.start',
  'training.stop',
  'training.pause',
  'training.resume',
  'training.cancelEvaluation',
  'training.evaluate',
  'training.activations',
  'run.exportKeras',
  'run.exportPython',
  'playground.open',
  'playground.predict',
  'playground.generate',
  'playground.translate',
  'playground.sentiment',
  'playground.similar',
  'playground.vectors',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}
