import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount } from './units';

describe('formatCount', () => {
  it.each<[number, string]>([
    [0, '0'],
    [7, '7'],
    [950, '950'],
    [999.6, '1.0 k'],
    [1000, '1.0 k'],
    [1234, '1.2 k'],
    [35_400, '35.4 k'],
    [99_949, '99.9 k'],
    [99_950, '100 k'],
    [354_000, '354 k'],
    [999_960, '1.0 M'],
    [1_200_000, '1.2 M'],
    [203_402, '203 k'],
    [4.5e9, '4.5 G'],
    [2e12, '2.0 T'],
    [3e18, '3000 P'],
    [-35_400, '-35.4 k'],
    [Number.NaN, '—'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('formatCount(%d) = %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [4200, '4.1 KiB'],
    [3.1 * 1024 ** 2, '3.1 MiB'],
    [200 * 1024 ** 2, '200 MiB'],
    [1023.99 * 1024 ** 2, '1.0 GiB'],
    [2 * 1024 ** 3, '2.0 GiB'],
    [5 * 1024 ** 4, '5.0 TiB'],
    [Number.NaN, '—'],
  ])('formatBytes(%d) = %s', (n, expected) => {
    expect(formatBytes(n)).toBe(expected);
  });
});
