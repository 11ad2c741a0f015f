import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analyze';
import { formatShape } from '../shape';
import { summarizeModel } from '../summary';
import { getTemplate } from './index';

describe('CNN with MNIST template', () => {
  const template = getTemplate('cnn-mnist')!;

  it('is valid for MNIST labels and has the seed CNN’s shapes', () => {
    const analysis = analyzeGraph(template.graph, { targetShapes: [[null, 10]] });
    expect(analysis.issues).toEqual([]);
    const shapes = Object.fromEntries(template.graph.nodes.map((n) => [n.name, formatShape(analysis.nodeShapes[n.id]!)]));
    expect(shapes).toMatchObject({
      input_1: '(None, 28, 28, 1)',
      conv2d_1: '(None, 26, 26, 32)',
      conv2d_2: '(None, 24, 24, 32)',
      max_pooling2d_1: '(None, 12, 12, 32)',
      flatten_1: '(None, 4608)',
      dense_1: '(None, 128)',
      dense_2: '(None, 10)',
    });
  });

  it('has the same parameter count as the trainer’s cnn-mnist network (3·3·1·32+32 + 3·3·32·32+32 + 4608·128+128 + 128·10+10)', () => {
    const summary = summarizeModel(template.graph);
    expect(summary.totalParams).toBe(320 + 9_248 + 589_952 + 1_290);
  });
});
