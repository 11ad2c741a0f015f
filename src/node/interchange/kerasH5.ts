import type { KerasModelTopology } from '../../engine/compile';
import { strToU8, zipSync } from 'fflate';
import { readKerasTopology } from '../../engine/interchange/fromKerasTopology';
import { KERAS_EXPORT_BACKEND, KERAS_EXPORT_VERSION, kerasModelJson, kerasModelJsonText } from '../../engine/interchange/kerasJson';
import { kerasV3WeightGroups, type KerasLayerWeights } from '../../engine/interchange/kerasWeights';
import { buildH5, ensureGroup, type H5Group } from './h5File';

/**
 * Writes `model.save_weights('w.h5')`'s layout into `root`: attributes
 * `layer_names`, `backend`, `keras_version`; per layer a group with the
 * attribute `weight_names` and one float32 dataset per name (the name's
 * slashes are nested groups, as h5py makes them).
 */
export function writeKerasWeightsGroup(root: H5Group, layout: readonly KerasLayerWeights[], floats: Float32Array): void {
  root.create_attribute('layer_names', layout.map((l) => l.layer));
  root.create_attribute('backend', KERAS_EXPORT_BACKEND);
  root.create_attribute('keras_version', KERAS_EXPORT_VERSION);
  for (const { layer, weights } of layout) {
    const group = root.create_group(layer);
    // Keras reads a missing `weight_names` as none; h5wasm cannot write an empty string array.
    if (weights.length === 0) continue;
    group.create_attribute('weight_names', weights.map((w) => w.name));
    for (const w of weights) {
      const slash = w.name.lastIndexOf('/');
      const parent = ensureGroup(group, w.name.slice(0, Math.max(slash, 0)));
      const dataset = parent.create_dataset({ name: w.name.slice(slash + 1), data: floats.slice(w.offset, w.offset + w.size), shape: w.shape });
      // h5wasm reports HDF5 errors on stderr and carries on, so check that the dataset is really there.
      if (dataset.shape?.join('x') !== w.shape.join('x')) throw new Error(`Could not write weight '${w.name}'`);
    }
  }
}

/** The stored bytes as floats, copied so that their offset in a larger buffer need not be 4-aligned. */
export function storedFloats(data: Uint8Array): Float32Array {
  const copy = data.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** A `model.save_weights('w.h5')` file. */
export function kerasWeightsH5(layout: readonly KerasLayerWeights[], data: Uint8Array): Promise<Uint8Array> {
  const floats = storedFloats(data);
  return buildH5((root) => writeKerasWeightsGroup(root, layout, floats));
}

/** A `model.save('m.h5')` file without a training config (Keras loads it uncompiled, as it says). */
export function kerasModelH5(topology: KerasModelTopology, layout: readonly KerasLayerWeights[], data: Uint8Array): Promise<Uint8Array> {
  const floats = storedFloats(data);
  return buildH5((root) => {
    root.create_attribute('model_config', kerasModelJsonText(topology));
    root.create_attribute('keras_version', KERAS_EXPORT_VERSION);
    root.create_attribute('backend', KERAS_EXPORT_BACKEND);
    writeKerasWeightsGroup(root.create_group('model_weights'), layout, floats);
  });
}

/**
 * A `model.save('m.keras')` file, the format Keras 2.13+ saves by default: a
 * zip of `metadata.json`, `config.json` (the `to_json()` config, marked as
 * Keras' Functional class so its loader finds it) and `model.weights.h5`,
 * where each layer's weights are `vars/0`, `vars/1`, … in its group.
 */
export async function kerasModelZip(topology: KerasModelTopology, layout: readonly KerasLayerWeights[], data: Uint8Array, now = new Date()): Promise<Uint8Array> {
  const floats = storedFloats(data);
  const weightsOf = new Map(layout.map((l) => [l.layer, l.weights]));
  const groups = kerasV3WeightGroups(readKerasTopology(topology));
  const weightsFile = await buildH5((root) => {
    // Keras writes a (here empty) group for the model's own variables and one per layer, weighted or not.
    root.create_group('vars');
    for (const { layer, group, vars } of groups) {
      ensureGroup(root, `${group}/vars`);
      const target = ensureGroup(root, vars);
      (weightsOf.get(layer) ?? []).forEach((w, i) => {
        const dataset = target.create_dataset({ name: String(i), data: floats.slice(w.offset, w.offset + w.size), shape: w.shape });
        if (dataset.shape?.join('x') !== w.shape.join('x')) throw new Error(`Could not write weight '${w.name}'`);
      });
    }
  });
  const model = kerasModelJson(topology);
  const config = model.class_name === 'Functional' ? { module: 'keras.src.engine.functional', registered_name: 'Functional', ...model } : model;
  const saved = now.toISOString().slice(0, 19).replace('T', '@');
  return zipSync({
    'metadata.json': strToU8(JSON.stringify({ keras_version: KERAS_EXPORT_VERSION, date_saved: saved })),
    'config.json': strToU8(JSON.stringify(config)),
    'model.weights.h5': weightsFile,
  });
}
