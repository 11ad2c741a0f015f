import { describe, expect, it } from 'vitest';
import { projectTo2d } from './pcaProjection';

describe('projectTo2d', () => {
  it('keeps distances of points lying in a plane of a higher-dimensional space', () => {
    // A 2-D grid embedded in 5-D along two orthonormal directions, plus an offset.
    const u = [1, 1, 0, 0, 0].map((x) => x / Math.SQRT2);
    const v = [0, 0, 1, -1, 1].map((x) => x / Math.sqrt(3));
    const grid: [number, number][] = [];
    for (let a = 0; a < 4; a++) for (let b = 0; b < 3; b++) grid.push([a * 2, b]);
    const vectors = grid.map(([a, b]) => u.map((ui, i) => 5 + a * ui + b * v[i]!));
    const points = projectTo2d(vectors);
    const dist = (p: readonly number[], q: readonly number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!);
    for (let i = 0; i < grid.length; i++) {
      for (let j = i + 1; j < grid.length; j++) expect(dist(points[i]!, points[j]!)).toBeCloseTo(dist(grid[i]!, grid[j]!), 6);
    }
    // The first component has the larger spread (the grid's long side).
    const spread = (k: 0 | 1) => Math.max(...points.map((p) => p[k])) - Math.min(...points.map((p) => p[k]));
    expect(spread(0)).toBeCloseTo(6, 6);
    expect(spread(1)).toBeCloseTo(2, 6);
  });
});
