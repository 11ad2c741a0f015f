import { describe, expect, it } from 'vitest';
import { MAX_PROBE_SAMPLES } from '../../../engine/training';
import { parseSampleList } from './sampleList';

describe('parseSampleList', () => {
  it('reads indices and ranges in the order typed', () => {
    expect(parseSampleList('0, 5, 7-9')).toEqual([0, 5, 7, 8, 9]);
    expect(parseSampleList(' 12 ,3 ')).toEqual([12, 3]);
  });

  it('refuses what is no list of whole numbers, or too many', () => {
    expect(parseSampleList('')).toBeNull();
    expect(parseSampleList('1, x')).toBeNull();
    expect(parseSampleList('-3')).toBeNull();
    expect(parseSampleList('9-2')).toBeNull();
    expect(parseSampleList(`0-${MAX_PROBE_SAMPLES}`)).toBeNull();
    expect(parseSampleList(`0-${MAX_PROBE_SAMPLES - 1}`)).toHaveLength(MAX_PROBE_SAMPLES);
  });
});
