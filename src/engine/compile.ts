import type { Shape } from './shape';
import { analyzeDetailed, layerLabel, type AnalyzeOptions, type GraphAnalysis, type GraphIssue } from './analyze';
import type { Graph } from './graph';

/** Written into the topology like tfjs' own `model.toJSON()` does. */
export const KERAS_VERSION = 'tfjs-layers 4.22.0';
export const KERAS_BACKEND = 'tensor_flow.js';
/** tfjs 4.22 registers both `Model` (its own serialisation) and `Functional` (Keras >= 2.4). */
export const MODEL_CLASS_NAME = 'Model';
export const DEFAULT_MODEL_NAME = 'layerlab_model';

/** `[layer name, node index, tensor index, kwargs]`, the Keras functional API wiring. */
export type KerasInbound = [string, number, number, Record<string, never>];

export type KerasLayerJson = {
  class_name: string;
  config: Record<string, unknown>;
  name: string;
  inbound_nodes: KerasInbound[][];
};

export type KerasModelTopology = {
  class_name: string;
  config: {
    name: string;
    layers: KerasLayerJson[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
  keras_version: string;
  backend: string;
};

export interface CompileOptions extends AnalyzeOptions {
  modelName?: string;
}

export type CompileResult =
  | {
      ok: true;
      /** Load with `tf.models.modelFromJSON({ modelTopology })`. */
      modelTopology: KerasModelTopology;
      /** Layer names of the model inputs / outputs, in the model's order. */
      inputNames: string[];
      outputNames: string[];
      analysis: GraphAnalysis;
    }
  | { ok: false; issues: GraphIssue[]; analysis: GraphAnalysis };

function failed(analysis: GraphAnalysis, issues: GraphIssue[]): CompileResult {
  return { ok: false, issues, analysis };
}

/** Turns a graph into Keras functional-model JSON, or returns the analysis errors. Never throws. */
export function compileGraph(graph: Graph, opts: CompileOptions = {}): CompileResult {
  const detailed = analyzeDetailed(graph, opts);
  const { nodes, specs, params, inbound, ...analysis } = detailed;
  const errors = analysis.issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return failed(analysis, errors);
  if (analysis.inputs.length === 0 || analysis.outputs.length === 0) {
    return failed(analysis, [{ severity: 'error', message: 'The model needs at least one Input and one output layer.' }]);
  }
  const nameOf = (id: string) => nodes.get(id)!.name;
  const layers: KerasLayerJson[] = [];
  for (const id of analysis.order) {
    const node = nodes.get(id)!;
    const spec = specs.get(id);
    const p = params.get(id);
    if (!spec || !p) return failed(analysis, [{ severity: 'error', nodeId: id, message: `${layerLabel(node)} could not be compiled.` }]);
    let keras: ReturnType<typeof spec.toKeras>;
    try {
      const shapes = (inbound.get(id) ?? []).map((source) => analysis.nodeShapes[source]).filter((shape): shape is Shape => !!shape);
      keras = spec.toKeras(p, node.name, shapes);
    } catch (cause) {
      return failed(analysis, [
        { severity: 'error', nodeId: id, message: `${layerLabel(node)} could not be compiled: ${String(cause)}` },
      ]);
    }
    const sources = inbound.get(id) ?? [];
    layers.push({
      class_name: keras.class_name,
      config: keras.config,
      name: node.name,
      inbound_nodes: sources.length === 0 ? [] : [sources.map((s): KerasInbound => [nameOf(s), 0, 0, {}])],
    });
  }
  const inputNames = analysis.inputs.map(nameOf);
  const outputNames = analysis.outputs.map(nameOf);
  return {
    ok: true,
    modelTopology: {
      class_name: MODEL_CLASS_NAME,
      config: {
        name: opts.modelName ?? DEFAULT_MODEL_NAME,
        layers,
        input_layers: inputNames.map((name): [string, number, number] => [name, 0, 0]),
        output_layers: outputNames.map((name): [string, number, number] => [name, 0, 0]),
      },
      keras_version: KERAS_VERSION,
      backend: KERAS_BACKEND,
    },
    inputNames,
    outputNames,
    analysis,
  };
}
