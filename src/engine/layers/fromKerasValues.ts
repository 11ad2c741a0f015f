/** Small readers for values in Keras configs, shared by the layers' `fromKeras` hooks. */

/** A 1-element list (how Keras writes 1-D windows, strides and axes) as its element; anything else as it is. */
export function firstOf(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/** `class_name` of a serialised Keras object such as an initializer, or undefined. */
export function classNameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name = (value as { class_name?: unknown }).class_name;
  return typeof name === 'string' ? name : undefined;
}
