/**
 * One WebSocket binary frame for a message that holds typed arrays (layer
 * images): JSON cannot carry them but as number lists, 4–10 times the bytes
 * and slow to parse. Each typed array is replaced by a reference in a JSON
 * header, and its bytes follow the header, 8-byte aligned so the decoder can
 * view them without copying.
 *
 *     [u32 LE header length][header JSON, UTF-8][pad to 8][buffer 0][pad][buffer 1]…
 *
 * Header: `{ value, buffers: [{ type, offset, length }] }`; a typed array in
 * `value` becomes `{ "$typedArray": index }`.
 */

const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

const REFERENCE = '$typedArray';
const ALIGN = 8;

interface BufferEntry {
  type: TypedArrayName;
  offset: number;
  length: number;
}

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  // Node's Buffer is a Uint8Array subclass: it travels as one.
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) if (value instanceof TYPED_ARRAYS[name]) return name;
  return null;
}

/** Whether a message holds a typed array anywhere, i.e. needs a binary frame. */
export function containsTypedArray(value: unknown): boolean {
  if (typedArrayName(value)) return true;
  if (Array.isArray(value)) return value.some(containsTypedArray);
  if (value && typeof value === 'object') return Object.values(value).some(containsTypedArray);
  return false;
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export function encodeFrame(value: unknown): Uint8Array {
  const arrays: AnyTypedArray[] = [];
  const entries: BufferEntry[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    const type = typedArrayName(v);
    if (!type) return v;
    const array = v as AnyTypedArray;
    entries.push({ type, offset, length: array.length });
    arrays.push(array);
    offset = align(offset + array.byteLength);
    return { [REFERENCE]: entries.length - 1 };
  });
  const headerBytes = new TextEncoder().encode(`{"value":${header ?? 'null'},"buffers":${JSON.stringify(entries)}}`);
  const start = align(4 + headerBytes.length);
  const frame = new Uint8Array(start + offset);
  new DataView(frame.buffer).setUint32(0, headerBytes.length, true);
  frame.set(headerBytes, 4);
  arrays.forEach((array, i) => frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), start + entries[i]!.offset));
  return frame;
}

/** A real copy: Node's `Buffer#slice` would share the unaligned memory. */
function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

export function decodeFrame(input: ArrayBuffer | Uint8Array): unknown {
  // An aligned copy when the bytes do not start on an 8-byte boundary (Node hands out pooled slices).
  const bytes = input instanceof Uint8Array ? (input.byteOffset % ALIGN === 0 ? input : copyOf(input)) : new Uint8Array(input);
  if (bytes.byteLength < 4) throw new Error(`Binary frame: ${bytes.byteLength} bytes is too short for a header`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new Error(`Binary frame: header of ${headerLength} bytes overruns the ${bytes.byteLength}-byte frame`);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as { value: unknown; buffers: BufferEntry[] };
  const start = align(4 + headerLength);
  const views = header.buffers.map((entry, i) => {
    const Type = TYPED_ARRAYS[entry.type] as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => AnyTypedArray;
    if (!Type) throw new Error(`Binary frame: buffer ${i} has unknown type ${JSON.stringify(entry.type)}`);
    const byteOffset = bytes.byteOffset + start + entry.offset;
    const byteLength = entry.length * (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (start + entry.offset + byteLength > bytes.byteLength) throw new Error(`Binary frame: buffer ${i} (${entry.type}) overruns the frame`);
    return new Type(bytes.buffer, byteOffset, entry.length);
  });
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === REFERENCE && typeof record[REFERENCE] === 'number') {
        const view = views[record[REFERENCE]];
        if (!view) throw new Error(`Binary frame: reference to missing buffer ${String(record[REFERENCE])}`);
        return view;
      }
      return Object.fromEntries(keys.map((k) => [k, revive(record[k])]));
    }
    return v;
  };
  return revive(header.value);
}
