import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../engine/graph';
import { mlpMnistTemplate } from '../../../engine/templates/mlp-mnist';
import { FRAGMENT_FORMAT, copyFragment, parseFragment, pasteFragment, pasteOffset, serializeFragment } from './clipboard';

const mlp: Graph = mlpMnistTemplate.graph;

function counterIds() {
  let next = 0;
  return (prefix: string) => `${prefix}_new${(next += 1)}`;
}

describe('copyFragment', () => {
  it('takes the selected layers and only the connections between two of them', () => {
    const fragment = copyFragment(mlp, ['dense_1', 'dropout_1'])!;
    expect(fragment.format).toBe(FRAGMENT_FORMAT);
    expect(fragment.nodes.map((n) => n.name)).toEqual(['dense_1', 'dropout_1']);
    expect(fragment.edges).toEqual([{ id: 'dense_1->dropout_1', source: 'dense_1', target: 'dropout_1' }]);
  });

  it('is null when nothing is selected, and never shares objects with the graph', () => {
    expect(copyFragment(mlp, [])).toBeNull();
    const fragment = copyFragment(mlp, ['dense_1'])!;
    fragment.nodes[0]!.params.units = 1;
    expect(mlp.nodes[1]!.params.units).toBe(128);
  });
});

describe('pasteFragment', () => {
  it('adds the layers with fresh ids, fresh Keras names and moved positions', () => {
    const fragment = copyFragment(mlp, ['dense_1', 'dropout_1'])!;
    const { graph, nodeIds } = pasteFragment(mlp, fragment, pasteOffset(1), counterIds());
    expect(nodeIds).toEqual(['n_new1', 'n_new2']);
    expect(graph.nodes).toHaveLength(6);
    const pasted = graph.nodes.slice(4);
    // dense_2 exists, so the copy of dense_1 is dense_3.
    expect(pasted.map((n) => n.name)).toEqual(['dense_3', 'dropout_2']);
    expect(pasted[0]!.position).toEqual({ x: 40, y: 140 + 40 });
    expect(pasted[0]!.params).toEqual(mlp.nodes[1]!.params);
    expect(graph.edges.slice(3)).toEqual([{ id: 'e_new3', source: 'n_new1', target: 'n_new2' }]);
    expect(new Set(graph.nodes.map((n) => n.name)).size).toBe(6);
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(6);
  });

  it('gives names unique among themselves when several layers share a prefix', () => {
    const fragment = copyFragment(mlp, ['dense_1', 'dense_2'])!;
    const { graph } = pasteFragment(mlp, fragment, pasteOffset(1), counterIds());
    expect(graph.nodes.slice(4).map((n) => n.name)).toEqual(['dense_3', 'dense_4']);
  });

  it('pastes twice at two different offsets', () => {
    const fragment = copyFragment(mlp, ['input_1'])!;
    const ids = counterIds();
    const once = pasteFragment(mlp, fragment, pasteOffset(1), ids);
    const twice = pasteFragment(once.graph, fragment, pasteOffset(2), ids);
    expect(twice.graph.nodes.slice(4).map((n) => [n.name, n.position])).toEqual([
      ['input_2', { x: 40, y: 40 }],
      ['input_3', { x: 80, y: 80 }],
    ]);
  });

  it('names a layer of an unknown kind after its old name', () => {
    const graph: Graph = { nodes: [{ id: 'a', kind: 'Mystery', name: 'mystery_4', params: {}, position: { x: 0, y: 0 } }], edges: [] };
    const { graph: pasted } = pasteFragment(graph, copyFragment(graph, ['a'])!, pasteOffset(1), counterIds());
    expect(pasted.nodes[1]!.name).toBe('mystery_5');
  });
});

describe('parseFragment', () => {
  it('reads back what serializeFragment wrote', () => {
    const fragment = copyFragment(mlp, ['dense_1', 'dropout_1'])!;
    expect(parseFragment(serializeFragment(fragment))).toEqual(fragment);
  });

  it('refuses text that is not LayerLab layers', () => {
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes": [], "edges": []}')).toBeNull();
    expect(parseFragment(JSON.stringify({ format: FRAGMENT_FORMAT, version: 1, nodes: [], edges: [] }))).toBeNull();
    expect(parseFragment(JSON.stringify({ format: FRAGMENT_FORMAT, version: 1, nodes: [{ id: 'x' }], edges: [] }))).toBeNull();
    expect(parseFragment(JSON.stringify({ format: 'other', version: 1, nodes: mlp.nodes, edges: [] }))).toBeNull();
  });

  it('refuses duplicate ids and drops connections to layers it does not hold', () => {
    const node = mlp.nodes[0]!;
    expect(parseFragment(JSON.stringify({ format: FRAGMENT_FORMAT, version: 1, nodes: [node, node], edges: [] }))).toBeNull();
    const text = JSON.stringify({ format: FRAGMENT_FORMAT, version: 1, nodes: [node], edges: [{ id: 'e', source: node.id, target: 'gone' }] });
    expect(parseFragment(text)?.edges).toEqual([]);
  });
});
