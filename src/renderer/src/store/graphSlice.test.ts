import { beforeEach, describe, expect, it } from 'vitest';
import { mlpMnistTemplate } from '../../../engine/templates/mlp-mnist';
import { copyFragment, pasteOffset } from '../editor/clipboard';
import { resetHistory, undo, redo, useAppStore } from './index';

const state = () => useAppStore.getState();
const names = () => state().graph.nodes.map((n) => n.name);
const pastSteps = () => useAppStore.temporal.getState().pastStates.length;

describe('graph edits and undo steps', () => {
  beforeEach(() => {
    state().newProject('mlp-mnist');
    resetHistory();
  });

  it('a paste right after typing is its own undo step, and the pasted layers become the selection', () => {
    state().updateParams('dense_1', { units: 64 });
    state().updateParams('dense_1', { units: 65 });
    const ids = state().pasteLayers(copyFragment(state().graph, ['dense_1', 'dropout_1'])!, pasteOffset(1));
    expect(state().selectedNodeIds).toEqual(ids);
    expect(names()).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2', 'dense_3', 'dropout_2']);
    expect(pastSteps()).toBe(2);
    undo();
    expect(names()).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2']);
    expect(state().graph.nodes[1]!.params.units).toBe(65);
    undo();
    expect(state().graph.nodes[1]!.params.units).toBe(128);
    redo();
    redo();
    expect(names()).toHaveLength(6);
  });

  it('deleting a selection that undo took away changes nothing and keeps the redo step', () => {
    const ids = state().pasteLayers(copyFragment(state().graph, ['dense_1', 'dropout_1'])!, pasteOffset(1));
    undo();
    const steps = pastSteps();
    state().deleteSelection();
    expect(pastSteps()).toBe(steps);
    redo();
    expect(names()).toHaveLength(6);
    // Redo brings the pasted layers back still selected.
    expect(state().selectedNodeIds).toEqual(ids);
  });

  it('deletes selected layers and connections in one step', () => {
    state().setSelection(['dropout_1']);
    state().setEdgeSelection(['input_1->dense_1']);
    state().deleteSelection();
    expect(names()).toEqual(['input_1', 'dense_1', 'dense_2']);
    expect(state().graph.edges).toEqual([]);
    expect(state().selectedNodeIds).toEqual([]);
    expect(state().selectedEdgeIds).toEqual([]);
    expect(pastSteps()).toBe(1);
    undo();
    expect(names()).toHaveLength(4);
    expect(state().graph.edges).toHaveLength(3);
  });

  it('a drag of several layers is one step, and the step after it is another', () => {
    for (let i = 1; i <= 5; i += 1) {
      state().moveNodes([
        { id: 'dense_1', position: { x: i, y: 140 + i } },
        { id: 'dropout_1', position: { x: i, y: 280 + i } },
      ]);
    }
    // The drag's final, repeated position is not an edit.
    state().moveNodes([{ id: 'dense_1', position: { x: 5, y: 145 } }]);
    expect(pastSteps()).toBe(1);
    state().placeNodes(new Map([['input_1', { x: 9, y: 9 }]]));
    expect(pastSteps()).toBe(2);
    undo();
    undo();
    expect(state().graph.nodes.map((n) => n.position)).toEqual(mlpMnistTemplate.graph.nodes.map((n) => n.position));
  });

  it('applies a fix as one step and selects the layer it inserted', () => {
    state().updateParams('input_1', { shape: [28, 28, 1] });
    const ok = state().applyGraphFix({ type: 'insert', label: 'Insert Flatten', edgeId: 'input_1->dense_1', layer: { kind: 'Flatten', params: {} } });
    expect(ok).toBe(true);
    const flatten = state().graph.nodes.find((n) => n.kind === 'Flatten')!;
    expect(state().selectedNodeIds).toEqual([flatten.id]);
    expect(flatten.position).toEqual({ x: 0, y: 140 });
    expect(pastSteps()).toBe(2);
    undo();
    expect(state().graph.nodes.some((n) => n.kind === 'Flatten')).toBe(false);
    expect(state().graph.nodes[0]!.params.shape).toEqual([28, 28, 1]);
  });

  it('reports a fix that no longer applies instead of changing the graph', () => {
    const before = state().graph;
    expect(state().applyGraphFix({ type: 'insert', label: 'Insert Flatten', edgeId: 'gone', layer: { kind: 'Flatten', params: {} } })).toBe(false);
    expect(state().graph).toBe(before);
    expect(state().notice?.text).toContain('Insert Flatten');
  });

  it('select all and clear', () => {
    state().selectAll();
    expect(state().selectedNodeIds).toHaveLength(4);
    state().clearSelection();
    expect(state().selectedNodeIds).toEqual([]);
  });
});
