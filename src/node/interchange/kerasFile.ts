import { unzipSync } from 'fflate';
import type { KerasTensor } from '../../engine/interchange/fromKerasWeights';
import { readKerasTopology } from '../../engine/interchange/fromKerasTopology';
import { kerasV3WeightGroups } from '../../engine/interchange/kerasWeights';
import { isDataset, isGroup, stringListAttribute, tensorOf, textAttribute, withHdf5, type H5 } from './kerasHdf5';

/** A Keras file's model config (still raw JSON) and its weights by layer name. */
export interface KerasFileContents {
  modelJson: unknown;
  weights: Map<string, KerasTensor[]>;
  problems: string[];
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Keras' weight layout in an HDF5 group: `layer_names`, then per layer group its `weight_names` datasets, in order. */
function weightsUnder(root: unknown, h5: H5): Map<string, KerasTensor[]> {
  const weights = new Map<string, KerasTensor[]>();
  if (!isGroup(root, h5)) return weights;
  for (const layer of stringListAttribute(root, 'layer_names')) {
    const group = root.get(layer);
    if (!isGroup(group, h5)) continue;
    const tensors = stringListAttribute(group, 'weight_names').map((name) => group.get(name));
    weights.set(layer, tensors.filter((t) => isDataset(t, h5)).map(tensorOf));
  }
  return weights;
}

const WEIGHTS_ONLY =
  'This HDF5 file holds weights only (model.save_weights), no model: import the model\'s JSON (model.to_json()) with this file as its weights, or save the whole model with model.save("m.h5").';

/** `model.save('m.h5')`: the config in the root attribute `model_config`, weights under `model_weights/<layer>/` named by `weight_names`. */
async function readH5Model(bytes: Uint8Array): Promise<KerasFileContents> {
  return withHdf5(bytes, (file, h5) => {
    const config = textAttribute(file, 'model_config');
    if (config === null) throw new Error(WEIGHTS_ONLY);
    return { modelJson: parseJson(config, 'model_config'), weights: weightsUnder(file.get('model_weights'), h5), problems: [] };
  });
}

/**
 * `model.save_weights('w.h5')`, the tutorial's way to keep weights beside its
 * JSON: `layer_names` at the root (or under `model_weights` when the file is a
 * full model, whose weights are then used instead of its own config).
 */
export async function readKerasWeightsFile(bytes: Uint8Array): Promise<Map<string, KerasTensor[]>> {
  if (!startsWith(bytes, HDF5_SIGNATURE)) throw new Error('not an HDF5 file (Keras weights are written by model.save_weights("w.h5"))');
  return withHdf5(bytes, (file, h5) => {
    const weights = weightsUnder(textAttribute(file, 'model_config') === null ? file : file.get('model_weights'), h5);
    if (weights.size === 0) throw new Error('the HDF5 file lists no layers (no layer_names attribute): it is not a Keras weights file');
    return weights;
  });
}

export const NO_WEIGHTS_IN_ARCHIVE = 'The .keras archive has no model.weights.h5, so no weights were imported.';

const numericFirst = (a: string, b: string) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b));

/**
 * `.keras` (Keras 2.13+ and 3): `config.json` and `model.weights.h5`, where
 * each layer's weights sit under `layers/<snake_case class>[_N]/…/vars/<i>`
 * (N counting earlier layers of the same class), in the layer's weight order.
 */
async function readKerasZip(bytes: Uint8Array): Promise<KerasFileContents> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'config.json' || f.name === 'model.weights.h5' });
  } catch (err) {
    throw new Error(`The .keras archive cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!files['config.json']) throw new Error('The .keras archive has no config.json.');
  const modelJson = parseJson(new TextDecoder().decode(files['config.json']), 'config.json');
  const weights = new Map<string, KerasTensor[]>();
  const weightsFile = files['model.weights.h5'];
  if (!weightsFile) return { modelJson, weights, problems: [NO_WEIGHTS_IN_ARCHIVE] };
  const groups = kerasV3WeightGroups(readKerasTopology(modelJson));
  await withHdf5(weightsFile, (file, h5) => {
    const collect = (group: unknown, into: KerasTensor[]): void => {
      if (!isGroup(group, h5)) return;
      const names = group.keys().sort(numericFirst);
      for (const name of names) if (isDataset(group.get(name), h5)) into.push(tensorOf(group.get(name) as never));
      // A layer's own `vars` come before nested ones (a recurrent layer's `cell`, a wrapper's `layer`).
      for (const name of [...names.filter((n) => n === 'vars'), ...names.filter((n) => n !== 'vars')]) collect(group.get(name), into);
    };
    // The whole layer group, read generically: a layer's own `vars`, then its inner objects' (a cell's, a wrapped layer's).
    for (const { layer, group } of groups) {
      const tensors: KerasTensor[] = [];
      collect(file.get(group), tensors);
      weights.set(layer, tensors);
    }
  });
  return { modelJson, weights, problems: [] };
}

/** Reads a Keras JSON, .h5 or .keras file, told apart by content rather than by name. */
export async function readKerasFile(bytes: Uint8Array): Promise<KerasFileContents> {
  if (startsWith(bytes, HDF5_SIGNATURE)) return readH5Model(bytes);
  if (startsWith(bytes, [0x50, 0x4b])) return readKerasZip(bytes);
  return { modelJson: parseJson(new TextDecoder().decode(bytes), 'The file'), weights: new Map(), problems: [] };
}
