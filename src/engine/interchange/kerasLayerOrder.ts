/**
 * The order Keras (and tfjs-layers, which ports it) gives a functional
 * model's `model.layers`, from `_map_graph_network`: deepest first, depth
 * being the longest path to an output; ties in the order a depth-first walk
 * from the outputs first reaches each layer. Keras pairs a legacy HDF5
 * weights file's layers with the model's by this position, and numbers a
 * `.keras` file's layer groups (`dense`, `dense_1`, …) in it, so an export
 * must follow it rather than the config's order. Layers no output depends
 * on keep their config order at the end (LayerLab has none).
 */
export function kerasLayerOrder(layers: readonly { name: string; inbound: readonly string[] }[], outputs: readonly string[]): string[] {
  const inboundOf = new Map(layers.map((l) => [l.name, l.inbound]));
  const reached = new Map<string, number>();
  const finished: string[] = [];
  const done = new Set<string>();
  const walk = (name: string): void => {
    if (done.has(name) || !inboundOf.has(name)) return;
    if (!reached.has(name)) reached.set(name, reached.size);
    for (const source of inboundOf.get(name)!) walk(source);
    done.add(name);
    finished.push(name);
  };
  outputs.forEach(walk);
  // Children come after their parents in `finished`, so walking it backwards settles each depth before its inputs'.
  const depth = new Map<string, number>();
  for (const name of [...finished].reverse()) {
    const d = depth.get(name) ?? 0;
    depth.set(name, d);
    for (const source of inboundOf.get(name)!) depth.set(source, Math.max(depth.get(source) ?? 0, d + 1));
  }
  const ordered = [...finished].sort((a, b) => depth.get(b)! - depth.get(a)! || reached.get(a)! - reached.get(b)!);
  return [...ordered, ...layers.map((l) => l.name).filter((name) => !done.has(name))];
}
