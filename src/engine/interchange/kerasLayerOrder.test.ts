import { describe, expect, it } from 'vitest';
import { kerasLayerOrder } from './kerasLayerOrder';

const layer = (name: string, ...inbound: string[]) => ({ name, inbound });

describe('kerasLayerOrder (Keras and tfjs-layers: _map_graph_network)', () => {
  it('puts the longer branch first: depth counts the longest path to the output', () => {
    const layers = [layer('in'), layer('a', 'in'), layer('b', 'in'), layer('c', 'b'), layer('add', 'a', 'c'), layer('out', 'add')];
    expect(kerasLayerOrder(layers, ['out'])).toEqual(['in', 'b', 'a', 'c', 'add', 'out']);
  });

  it('breaks ties by the depth-first walk from the outputs, first input first', () => {
    const layers = [layer('in'), layer('x', 'in'), layer('y', 'in'), layer('cat', 'y', 'x')];
    expect(kerasLayerOrder(layers, ['cat'])).toEqual(['in', 'y', 'x', 'cat']);
  });

  it('walks several outputs in their order, and keeps a chain as it is', () => {
    const layers = [layer('in'), layer('h', 'in'), layer('o1', 'h'), layer('o2', 'h')];
    expect(kerasLayerOrder(layers, ['o2', 'o1'])).toEqual(['in', 'h', 'o2', 'o1']);
    expect(kerasLayerOrder([layer('in'), layer('d', 'in'), layer('e', 'd')], ['e'])).toEqual(['in', 'd', 'e']);
  });

  it('keeps layers no output depends on at the end, in config order', () => {
    expect(kerasLayerOrder([layer('in'), layer('loose', 'in'), layer('out', 'in')], ['out'])).toEqual(['in', 'out', 'loose']);
  });
});
