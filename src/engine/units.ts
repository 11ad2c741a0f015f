/** Short human-readable numbers for the model summary: `35.4 k`, `1.2 M`, `3.1 MiB`. */

const COUNT_UNITS = ['', 'k', 'M', 'G', 'T', 'P'] as const;
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Whole numbers in the base unit; one decimal below 100 in the others (`35.4 k`), none from 100 (`354 k`). */
function digits(value: number, unit: number): string {
  return unit === 0 || value >= 99.95 ? String(Math.round(value)) : value.toFixed(1);
}

/** Steps up a unit when the rounded text would reach the base, so 999 960 is `1.0 M`, not `1000 k`. */
function scaled(n: number, base: number, units: readonly string[]): string {
  if (!Number.isFinite(n)) return '—';
  let value = Math.abs(n);
  let unit = 0;
  while (unit < units.length - 1 && Number(digits(value, unit)) >= base) {
    value /= base;
    unit += 1;
  }
  const suffix = units[unit] ? ` ${units[unit]}` : '';
  return `${n < 0 ? '-' : ''}${digits(value, unit)}${suffix}`;
}

/** Counts such as parameters or FLOPs, in powers of 1000: `950`, `35.4 k`, `1.2 M`. Not a number gives `—`. */
export function formatCount(n: number): string {
  return scaled(n, 1000, COUNT_UNITS);
}

/** Sizes in powers of 1024: `512 B`, `1.5 KiB`, `3.1 MiB`, `2.0 GiB`. Not a number gives `—`. */
export function formatBytes(n: number): string {
  return scaled(n, 1024, BYTE_UNITS);
}
