import { chooseKernel, FUSED_RECURRENT, isRecurrentKind, kernelNote, settingsFromKeras, type KernelChoice } from './plan';

/**
 * Rewrites a Keras model topology so its recurrent layers load as the fused
 * classes (`registerFusedRecurrentLayers` must have run for this tfjs), and
 * says per recurrent layer which kernel it gets. Layers that will never fuse
 * (dropout, stateful, an input that may carry a mask, …) keep their Keras
 * class. The input is not modified.
 */
export interface RecurrentFusion {
  topology: Record<string, unknown>;
  /** One line per recurrent layer, in topology order: "gru_1: fused GRU (hard_sigmoid gates, raw TF ops)". */
  notes: string[];
}

interface LayerJson {
  class_name?: unknown;
  name?: unknown;
  config?: unknown;
  inbound_nodes?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The layers of a model config: a functional `{layers}` or an old Sequential's bare list. */
function layersOf(config: unknown): LayerJson[] | null {
  if (Array.isArray(config)) return config.filter(isRecord);
  if (isRecord(config) && Array.isArray(config.layers)) return config.layers.filter(isRecord);
  return null;
}

/** Names of the layers feeding `layer` in a functional model's JSON. */
function inboundNames(layer: LayerJson): string[] | null {
  if (!Array.isArray(layer.inbound_nodes)) return null;
  const names: string[] = [];
  for (const node of layer.inbound_nodes) {
    if (!Array.isArray(node)) continue;
    for (const entry of node) if (Array.isArray(entry) && typeof entry[0] === 'string') names.push(entry[0]);
  }
  return names;
}

/** Where a layer's own output carries a mask: an Embedding with mask_zero, a Masking layer. */
function maskSource(layer: LayerJson): boolean {
  const config = isRecord(layer.config) ? layer.config : {};
  return (layer.class_name === 'Embedding' && config.mask_zero === true) || layer.class_name === 'Masking';
}

function visit(layers: LayerJson[], native: boolean, notes: string[]): void {
  // Layer name → the mask source upstream of its output, if any (conservatively: any path from one).
  const masked = new Map<string, string>();
  let previous: string | null = null;
  for (const layer of layers) {
    const name = typeof layer.name === 'string' ? layer.name : isRecord(layer.config) && typeof layer.config.name === 'string' ? layer.config.name : '?';
    const inbound = inboundNames(layer) ?? (previous === null ? [] : [previous]);
    const upstreamMask = inbound.map((source) => masked.get(source)).find((source) => source !== undefined);
    if (upstreamMask !== undefined) masked.set(name, upstreamMask);
    else if (maskSource(layer)) masked.set(name, name);
    previous = name;

    const className = layer.class_name;
    if (typeof className !== 'string') continue;
    const nested = layersOf(layer.config);
    if (nested && !isRecurrentKind(className)) {
      visit(nested, native, notes);
      continue;
    }
    if (!isRecurrentKind(className) || !isRecord(layer.config)) continue;
    let choice: KernelChoice = chooseKernel(settingsFromKeras(className, layer.config));
    if (choice.fused && upstreamMask !== undefined) choice = { fused: false, reason: `its input may carry a mask from ${upstreamMask}` };
    if (choice.fused && !native) choice = { fused: false, reason: 'fused kernels need the native TensorFlow backend' };
    if (choice.fused) layer.class_name = FUSED_RECURRENT[className].fusedClass;
    notes.push(kernelNote(name, className, choice));
  }
}

export function fuseRecurrentTopology(topology: Record<string, unknown>, native: boolean): RecurrentFusion {
  const copy = structuredClone(topology);
  const notes: string[] = [];
  const layers = layersOf(copy.config);
  if (layers) visit(layers, native, notes);
  return { topology: copy, notes };
}
