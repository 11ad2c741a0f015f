import { analyzeGraph } from '../analyze';
import type { Graph, GraphEdge, GraphNode } from '../graph';
import { getLayerSpec, parseParams } from '../layers/registry';
import type { Shape } from '../shape';
import { importKerasLayer } from './fromKerasLayers';
import { withLayeredLayout } from './fromKerasLayout';
import { readKerasTopology } from './fromKerasTopology';

export interface KerasGraphImport {
  graph: Graph;
  problems: string[];
}

/**
 * A Keras model config (any form readKerasTopology reads) as an editor graph,
 * laid out. Node ids are the Keras layer names, as in the templates. A layer
 * LayerLab lacks is reported and left out; when it had one input, its
 * consumers are connected to that input instead, so the rest stays one model.
 */
export function kerasJsonToGraph(json: unknown): KerasGraphImport {
  const topology = readKerasTopology(json);
  const problems = [...topology.problems];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  /** A left-out layer's name → the layers standing in for its output. */
  const replacedBy = new Map<string, string[]>();
  const present = new Set<string>();
  const resolve = (name: string): string[] => (present.has(name) ? [name] : (replacedBy.get(name) ?? []));

  for (const layer of topology.layers) {
    const sources = layer.inbound.flatMap(resolve);
    const imported = importKerasLayer(layer.name, layer.className, layer.config);
    problems.push(...imported.problems);
    if (!imported.ok) {
      if (layer.inbound.length === 1) {
        replacedBy.set(layer.name, sources);
        if (sources.length > 0) problems.push(`Layer '${layer.name}' was bridged: what followed it now takes its input.`);
      }
      continue;
    }
    present.add(layer.name);
    nodes.push({ id: layer.name, kind: imported.kind, name: layer.name, params: imported.params, position: { x: 0, y: 0 } });
    for (const source of sources) edges.push({ id: `${source}->${layer.name}`, source, target: layer.name });
  }
  return { graph: withLayeredLayout(canonicalize({ nodes, edges })), problems };
}

/** Each layer's `canonicalParams` with its input shapes, so an import of an equivalent config gives the graph LayerLab would write. */
function canonicalize(graph: Graph): Graph {
  const { nodeShapes } = analyzeGraph(graph);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const spec = getLayerSpec(node.kind);
      const parsed = parseParams(node.kind, node.params);
      const inputs = graph.edges.filter((e) => e.target === node.id).map((e) => nodeShapes[e.source]);
      if (!spec?.canonicalParams || !parsed.ok || inputs.some((shape) => !shape)) return node;
      return { ...node, params: spec.canonicalParams(parsed.params, inputs as Shape[]) };
    }),
  };
}
