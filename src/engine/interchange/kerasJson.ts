import type { KerasModelTopology } from '../compile';

/** What Keras 2.15's `model.to_json()` stamps on its output; Keras only reads them to warn. */
export const KERAS_EXPORT_VERSION = '2.15.0';
export const KERAS_EXPORT_BACKEND = 'tensorflow';

/**
 * The app's compiled topology (tfjs' `model.toJSON()` shape) as Keras 2.15's
 * `model.to_json()` writes it: same layers, Keras' own class name for a
 * functional model and Keras' version stamps instead of tfjs'.
 */
export function kerasModelJson(topology: KerasModelTopology): KerasModelTopology {
  return {
    ...topology,
    // tfjs serialises functional models as `Model`; Keras >= 2.4 writes `Functional` (and reads both).
    class_name: topology.class_name === 'Model' ? 'Functional' : topology.class_name,
    keras_version: KERAS_EXPORT_VERSION,
    backend: KERAS_EXPORT_BACKEND,
  };
}

/** The text of a `model.to_json()` file. */
export function kerasModelJsonText(topology: KerasModelTopology): string {
  return JSON.stringify(kerasModelJson(topology));
}
