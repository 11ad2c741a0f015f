/** A Keras shape: `null` is the batch (or any unknown) dimension. */
export type Shape = readonly (number | null)[];

/** Keras notation, e.g. `(None, 784)`; a one-element tuple keeps its comma like Python. */
export function formatShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

export function withBatch(featureShape: readonly number[]): Shape {
  return [null, ...featureShape];
}

/** Product of the known dims after the batch axis; null if any is unknown. */
export function featureSize(shape: Shape): number | null {
  let size = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return null;
    size *= d;
  }
  return size;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
