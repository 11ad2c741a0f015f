/** The ways a run leaves LayerLab for Keras: the tutorial's JSON + weights pair, or a full model in either file format. */
export const KERAS_EXPORT_FORMATS = ['json', 'weights-h5', 'model-h5', 'model-keras'] as const;
export type KerasExportFormat = (typeof KERAS_EXPORT_FORMATS)[number];

export const KERAS_EXPORT_LABELS: Record<KerasExportFormat, string> = {
  json: 'Topology (model.to_json)',
  'weights-h5': 'Weights (save_weights .h5)',
  'model-h5': 'Full model (.h5)',
  'model-keras': 'Full model (.keras)',
};

// Not `.weights.h5`: Keras >= 2.13 reads that suffix as its new (v3) weights format and fails on HDF5-legacy files.
const SUFFIX: Record<KerasExportFormat, string> = { json: '.keras.json', 'weights-h5': '-weights.h5', 'model-h5': '.h5', 'model-keras': '.keras' };

/** A file name for a run's export: the run's name made safe for every file system, plus the format's suffix. */
export function kerasExportFileName(runName: string, format: KerasExportFormat): string {
  // Dots go too: a run named after its files ("Imported from m.json + w.h5") would otherwise keep their extensions.
  const base = runName.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${base}${SUFFIX[format]}`;
}

/**
 * Where an export goes by default: beside the project file when it has one,
 * else in the projects folder. Paths use '/', which every host accepts.
 */
export function kerasExportPath(projectFile: string | null, projectsDir: string, runName: string, format: KerasExportFormat): string {
  const dir = projectFile ? projectFile.replace(/[\\/][^\\/]*$/, '') || '/' : projectsDir;
  return `${dir.replace(/[\\/]+$/, '')}/${kerasExportFileName(runName, format)}`;
}
