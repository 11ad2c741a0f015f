import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../engine/graph';
import { connect, layerNode } from '../../../engine/templates/build';
import { layoutGraph } from './autoLayout';

describe('layoutGraph', () => {
  it('lays a branching model out top to bottom, branches side by side, keeping the top-left corner', async () => {
    const nodes = [
      layerNode('Input', 'input_1', { shape: [8] }),
      layerNode('Dense', 'dense_1'),
      layerNode('Dense', 'dense_2'),
      layerNode('Concatenate', 'concatenate_1'),
    ].map((n, i) => ({ ...n, position: { x: 500 + i * 13, y: 300 - i * 7 } }));
    const graph: Graph = {
      nodes,
      edges: [connect('input_1', 'dense_1'), connect('input_1', 'dense_2'), connect('dense_1', 'concatenate_1'), connect('dense_2', 'concatenate_1')],
    };
    const sizes = new Map(nodes.map((n) => [n.id, { width: 180, height: 64 }]));
    const at = await layoutGraph(graph, sizes);
    const p = (id: string) => at.get(id)!;
    expect(p('dense_1').y).toBe(p('dense_2').y);
    expect(p('dense_1').y).toBeGreaterThanOrEqual(p('input_1').y + 64 + 40);
    expect(p('concatenate_1').y).toBeGreaterThanOrEqual(p('dense_1').y + 64 + 40);
    // Model order is kept: the first branch stays on the left.
    expect(p('dense_1').x + 180).toBeLessThanOrEqual(p('dense_2').x);
    expect(Math.min(...[...at.values()].map((q) => q.x))).toBe(500);
    expect(Math.min(...[...at.values()].map((q) => q.y))).toBe(300 - 3 * 7);
  });

  it('returns nothing for an empty model', async () => {
    expect((await layoutGraph({ nodes: [], edges: [] }, new Map())).size).toBe(0);
  });
});
