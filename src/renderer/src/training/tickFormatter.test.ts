import { describe, expect, it } from 'vitest';
import { tickFormatter } from './MetricsCharts';

describe('chart tick labels', () => {
  it('show as many decimals as the range needs, so close values stay apart', () => {
    const flat = tickFormatter([0.6925, 0.6931, 0.6934]);
    expect([0.6925, 0.6928, 0.6931].map(flat)).toEqual(['0.69250', '0.69280', '0.69310']);
    const wide = tickFormatter([0.1, 2.3]);
    expect([0.1, 1.25].map(wide)).toEqual(['0.10', '1.25']);
  });

  it('keep sums of losses whole and readable', () => {
    const sums = tickFormatter([16126.3, 28432.2]);
    expect([16126.3, 28432.2].map(sums)).toEqual(['16126', '28432']);
  });
});
