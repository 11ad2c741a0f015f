/** Layer names tfjs accepts (it rejects others when building weights); Keras forbids '/' too. */
export const LAYER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isValidLayerName(name: string): boolean {
  return typeof name === 'string' && LAYER_NAME_PATTERN.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Keras-style name for a new layer: `dense_1`, `dense_2`, … The number is one
 * more than the highest already used with that prefix (like Keras' counter,
 * numbers are not reused below the highest).
 */
export function nextLayerName(prefix: string, existingNames: Iterable<string>): string {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}_(\\d+)$`);
  let highest = 0;
  for (const name of existingNames) {
    const match = pattern.exec(name);
    if (match?.[1] !== undefined) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix}_${highest + 1}`;
}
