import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../engine/graph';
import { chainGraph, connect, layerNode } from '../../../engine/templates/build';
import { TEMPLATES } from '../../../engine/templates';
import { laidOutTemplateGraph, LARGEST_LAYER, positionsOverlap } from './templateLayout';
import { thumbnailGeometry } from './thumbnailGeometry';

function branching(): Graph {
  // Every layer at the origin: what a template without positions would give.
  const nodes = ['input_1', 'dense_1', 'dense_2', 'concatenate_1'].map((name, i) =>
    layerNode(i === 0 ? 'Input' : i === 3 ? 'Concatenate' : 'Dense', name, i === 0 ? { shape: [8] } : {}),
  );
  return {
    nodes: nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
    edges: [connect('input_1', 'dense_1'), connect('input_1', 'dense_2'), connect('dense_1', 'concatenate_1'), connect('dense_2', 'concatenate_1')],
  };
}

describe('positionsOverlap', () => {
  it('sees layers stacked on each other, and not a chain one row apart', () => {
    expect(positionsOverlap(branching())).toBe(true);
    expect(positionsOverlap(chainGraph([layerNode('Input', 'a'), layerNode('Dense', 'b')]))).toBe(false);
    const sideBySide = chainGraph([layerNode('Input', 'a'), layerNode('Dense', 'b')]);
    sideBySide.nodes[1]!.position = { x: LARGEST_LAYER.width - 1, y: 0 };
    expect(positionsOverlap(sideBySide)).toBe(true);
    sideBySide.nodes[1]!.position = { x: LARGEST_LAYER.width, y: 0 };
    expect(positionsOverlap(sideBySide)).toBe(false);
  });
});

describe('laidOutTemplateGraph', () => {
  it('lays out a template whose layers overlap, leaving room for the largest layer', async () => {
    const graph = branching();
    const laidOut = await laidOutTemplateGraph({ id: 'overlapping-test', graph });
    expect(positionsOverlap(laidOut)).toBe(false);
    expect(laidOut.edges).toEqual(graph.edges);
    const y = (id: string) => laidOut.nodes.find((n) => n.id === id)!.position.y;
    expect(y('input_1')).toBeLessThan(y('dense_1'));
    expect(y('dense_1')).toBe(y('dense_2'));
    expect(y('dense_2')).toBeLessThan(y('concatenate_1'));
    // The template itself is left as it was.
    expect(graph.nodes.every((n) => n.position.x === 0 && n.position.y === 0)).toBe(true);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s opens with no two layers on each other', async (_id, template) => {
    expect(positionsOverlap(await laidOutTemplateGraph(template))).toBe(false);
  });
});

describe('thumbnailGeometry', () => {
  it('draws a box per layer and a line per connection, from source bottom to target top, all inside the view', () => {
    const graph = chainGraph([layerNode('Input', 'input_1', { shape: [4] }), layerNode('Dense', 'dense_1'), layerNode('Dense', 'dense_2')]);
    const g = thumbnailGeometry(graph);
    expect(g.boxes.map((b) => b.id)).toEqual(['input_1', 'dense_1', 'dense_2']);
    expect(new Set(g.boxes.map((b) => b.color)).size).toBe(2); // Input and Core categories
    expect(g.lines).toHaveLength(2);
    const [input, dense] = g.boxes;
    expect(g.lines[0]).toMatchObject({ x1: input!.x + input!.width / 2, y1: input!.y + input!.height, x2: dense!.x + dense!.width / 2, y2: dense!.y });
    const [left, top, width, height] = g.viewBox.split(' ').map(Number);
    for (const b of g.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(left!);
      expect(b.y).toBeGreaterThanOrEqual(top!);
      expect(b.x + b.width).toBeLessThanOrEqual(left! + width!);
      expect(b.y + b.height).toBeLessThanOrEqual(top! + height!);
    }
  });
});
