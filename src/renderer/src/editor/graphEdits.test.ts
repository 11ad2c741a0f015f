import { describe, expect, it } from 'vitest';
import { applyFix } from '../../../engine/fixes';
import { chainGraph, layerNode } from '../../../engine/templates/build';
import { makeRoomForInsertedLayer } from './graphEdits';

describe('makeRoomForInsertedLayer', () => {
  const before = chainGraph([
    layerNode('Input', 'input_1', { shape: [28, 28, 1] }),
    layerNode('Dense', 'dense_1', { units: 10 }),
    layerNode('Dropout', 'dropout_1'),
  ]);
  const fixed = applyFix(
    before,
    { type: 'insert', label: 'Insert Flatten', edgeId: 'input_1->dense_1', layer: { kind: 'Flatten', params: {} } },
    (prefix) => `${prefix}_x`,
  );
  if (!fixed.ok) throw new Error(fixed.message);

  it('puts the new layer in the target row and moves that row and the ones below down', () => {
    const after = makeRoomForInsertedLayer(before, fixed.graph, fixed.nodeId);
    const y = Object.fromEntries(after.nodes.map((n) => [n.name, n.position.y]));
    expect(y).toEqual({ input_1: 0, flatten_1: 140, dense_1: 280, dropout_1: 420 });
  });

  it('leaves the midpoint when there is room already', () => {
    const spread = { ...before, nodes: before.nodes.map((n) => (n.id === 'input_1' ? n : { ...n, position: { x: 0, y: n.position.y + 280 } })) };
    const result = applyFix(spread, { type: 'insert', label: 'x', edgeId: 'input_1->dense_1', layer: { kind: 'Flatten', params: {} } }, (p) => `${p}_y`);
    if (!result.ok) throw new Error(result.message);
    expect(makeRoomForInsertedLayer(spread, result.graph, result.nodeId)).toBe(result.graph);
  });
});
