import { describe, expect, it } from 'vitest';
import { seededRandom } from '../textData';
import { argmax, sampleIndex } from './sampling';

describe('sampling', () => {
  it('argmax picks the first of the highest', () => {
    expect(argmax([0.1, 0.4, 0.4, 0.1])).toBe(1);
  });

  it('samples in proportion to the probabilities at temperature 1', () => {
    const random = seededRandom(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[sampleIndex([0.2, 0.5, 0.3], 1, random)]! += 1;
    expect(counts[0]! / 20_000).toBeCloseTo(0.2, 1);
    expect(counts[1]! / 20_000).toBeCloseTo(0.5, 1);
  });

  it('a low temperature concentrates on the most likely word', () => {
    const random = seededRandom(7);
    let top = 0;
    for (let i = 0; i < 2000; i++) if (sampleIndex([0.2, 0.5, 0.3], 0.1, random) === 1) top += 1;
    expect(top / 2000).toBeGreaterThan(0.95);
  });
});
