/**
 * Reads a Keras model config (Keras 1's and 2's `model.to_json()`, Keras 3's
 * `config.json`, the `model_config` attribute of an .h5 file, tfjs'
 * `model.json`) into one flat list of layers with their inputs by name.
 */

export interface KerasTopologyLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** Names of the layers feeding it, in order. */
  inbound: string[];
}

export interface KerasTopology {
  layers: KerasTopologyLayer[];
  /** The model's outputs by layer name, in order: `output_layers`, else the layers nothing consumes. */
  outputs: string[];
  problems: string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keras 1 Sequentials list their layers as `config`; Keras 2/3 as `config.layers`. */
function layerList(config: unknown): unknown[] | null {
  if (Array.isArray(config)) return config;
  if (isObject(config) && Array.isArray(config.layers)) return config.layers;
  return null;
}

function layerName(raw: Json, index: number): string {
  const config = isObject(raw.config) ? raw.config : {};
  const name = raw.name ?? config.name;
  return typeof name === 'string' && name.length > 0 ? name : `layer_${index + 1}`;
}

/**
 * The batch input shape a Sequential's first layer declares: `batch_input_shape`
 * (Keras 1/2), `batch_shape` (Keras 3), `input_shape`, or Keras 1's
 * `input_dim`/`input_length` shorthands.
 */
function declaredBatchShape(className: string, config: Json): unknown[] | null {
  const explicit = config.batch_input_shape ?? config.batch_shape;
  if (Array.isArray(explicit)) return explicit;
  if (Array.isArray(config.input_shape)) return [null, ...(config.input_shape as unknown[])];
  if (className === 'Embedding') return typeof config.input_length === 'number' ? [null, config.input_length] : null;
  if (typeof config.input_dim === 'number') {
    return typeof config.input_length === 'number' ? [null, config.input_length, config.input_dim] : [null, config.input_dim];
  }
  return null;
}

function readSequential(raws: unknown[], problems: string[]): KerasTopologyLayer[] {
  const layers: KerasTopologyLayer[] = [];
  raws.forEach((raw, index) => {
    if (!isObject(raw) || typeof raw.class_name !== 'string') {
      problems.push(`Layer ${index + 1} is not a Keras layer config and was left out.`);
      return;
    }
    const config = isObject(raw.config) ? raw.config : {};
    const name = layerName(raw, index);
    if (layers.length === 0 && raw.class_name !== 'InputLayer') {
      // Keras builds the same Input for a Sequential's first layer and names it like this.
      const batchShape = declaredBatchShape(raw.class_name, config);
      if (batchShape) layers.push({ name: `${name}_input`, className: 'InputLayer', config: { batch_input_shape: batchShape }, inbound: [] });
    }
    const previous = layers[layers.length - 1];
    layers.push({ name, className: raw.class_name, config, inbound: previous ? [previous.name] : [] });
  });
  return layers;
}

/** Keras 3 writes each input as `{ class_name: '__keras_tensor__', config: { keras_history: [name, node, tensor] } }`. */
function collectKerasHistory(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item) => collectKerasHistory(item, into));
  } else if (isObject(value)) {
    const history = isObject(value.config) ? value.config.keras_history : undefined;
    if (Array.isArray(history) && typeof history[0] === 'string') into.push(history[0]);
    else Object.values(value).forEach((item) => collectKerasHistory(item, into));
  }
}

/** One call of a layer: Keras 1/2 `[[name, node, tensor, kwargs?], …]`, Keras 3 `{ args, kwargs }`. */
function nodeInputs(node: unknown): string[] {
  const names: string[] = [];
  if (Array.isArray(node)) {
    for (const entry of node) if (Array.isArray(entry) && typeof entry[0] === 'string') names.push(entry[0]);
  } else if (isObject(node)) {
    collectKerasHistory(node.args, names);
  }
  return names;
}

function readFunctional(raws: unknown[], problems: string[]): KerasTopologyLayer[] {
  const layers: KerasTopologyLayer[] = [];
  raws.forEach((raw, index) => {
    if (!isObject(raw) || typeof raw.class_name !== 'string') {
      problems.push(`Layer ${index + 1} is not a Keras layer config and was left out.`);
      return;
    }
    const name = layerName(raw, index);
    const nodes = Array.isArray(raw.inbound_nodes) ? raw.inbound_nodes : [];
    if (nodes.length > 1) {
      problems.push(`Layer '${name}' is shared (called ${nodes.length} times); LayerLab has no shared layers, so only its first call was imported.`);
    }
    layers.push({ name, className: raw.class_name, config: isObject(raw.config) ? raw.config : {}, inbound: nodeInputs(nodes[0]) });
  });
  return layers;
}

/** Unwraps tfjs' model.json (`modelTopology`) and its `model_config` layer. */
function modelConfig(json: unknown): unknown {
  let value = json;
  if (isObject(value) && isObject(value.modelTopology)) value = value.modelTopology;
  if (isObject(value) && isObject(value.model_config)) value = value.model_config;
  return value;
}

export function readKerasTopology(json: unknown): KerasTopology {
  const problems: string[] = [];
  const model = modelConfig(json);
  if (!isObject(model) || typeof model.class_name !== 'string') {
    return { layers: [], outputs: [], problems: ['The file is not a Keras model config (no class_name).'] };
  }
  const raws = layerList(model.config);
  if (!raws) return { layers: [], outputs: [], problems: [`The ${model.class_name} model lists no layers.`] };
  const sequential = model.class_name === 'Sequential' || raws.every((raw) => isObject(raw) && raw.inbound_nodes === undefined);
  const layers = sequential ? readSequential(raws, problems) : readFunctional(raws, problems);
  return { layers, outputs: outputNames(model.config, layers), problems };
}

function outputNames(config: unknown, layers: readonly KerasTopologyLayer[]): string[] {
  const declared = isObject(config) ? nodeInputs(config.output_layers) : [];
  const known = declared.filter((name) => layers.some((l) => l.name === name));
  if (known.length > 0) return known;
  const consumed = new Set(layers.flatMap((l) => l.inbound));
  return layers.map((l) => l.name).filter((name) => !consumed.has(name));
}
