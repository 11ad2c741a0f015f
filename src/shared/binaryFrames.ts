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
  // Node's Buffer is a Uint8Array subclass, but JSON.stringify turns it into {type, data} before
  // a replacer sees it: send Buffers as plain Uint8Array views.
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

/** Node Buffers as plain Uint8Array views (same bytes), so that JSON.stringify's toJSON does not turn them into lists. */
function withPlainBytes(value: unknown): unknown {
  if (value instanceof Uint8Array && value.constructor !== Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(withPlainBytes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlainBytes(v)]));
  return value;
}

export function encodeFrame(value: unknown): Uint8Array {
  const arrays: AnyTypedArray[] = [];
  const entries: BufferEntry[] = [];
  let offset = 0;
  const header = JSON.stringify(withPlainBytes(value), (_key, v: unknown) => {
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

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The header as written by `encodeFrame`, or an error naming what is wrong: frames come from the network. */
function readHeader(raw: unknown): { value: unknown; buffers: BufferEntry[] } {
  if (!raw || typeof raw !== 'object' || !('buffers' in raw) || !Array.isArray(raw.buffers)) throw new Error('Binary frame: the header has no buffer list');
  const buffers = raw.buffers.map((entry: unknown, i): BufferEntry => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.type !== 'string' || !Object.hasOwn(TYPED_ARRAYS, e.type)) throw new Error(`Binary frame: buffer ${i} has unknown type ${JSON.stringify(e.type)}`);
    if (!isCount(e.offset) || !isCount(e.length)) throw new Error(`Binary frame: buffer ${i} needs a whole, non-negative offset and length`);
    return { type: e.type as TypedArrayName, offset: e.offset, length: e.length };
  });
  return { value: 'value' in raw ? raw.value : undefined, buffers };
}

export function decodeFrame(input: ArrayBuffer | Uint8Array): unknown {
  // An aligned copy when the bytes do not start on an 8-byte boundary (Node hands out pooled slices).
  const bytes = input instanceof Uint8Array ? (input.byteOffset % ALIGN === 0 ? input : copyOf(input)) : new Uint8Array(input);
  if (bytes.byteLength < 4) throw new Error(`Binary frame: ${bytes.byteLength} bytes is too short for a header`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new Error(`Binary frame: header of ${headerLength} bytes overruns the ${bytes.byteLength}-byte frame`);
  const header = readHeader(JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))));
  const start = align(4 + headerLength);
  const views = header.buffers.map((entry, i) => {
    const Type = TYPED_ARRAYS[entry.type] as unknown as (new (buffer: ArrayBufferLike, offset: number, length: number) => AnyTypedArray) & {
      BYTES_PER_ELEMENT: number;
    };
    if (entry.offset % Type.BYTES_PER_ELEMENT !== 0) throw new Error(`Binary frame: buffer ${i} (${entry.type}) is not aligned`);
    const byteOffset = bytes.byteOffset + start + entry.offset;
    const byteLength = entry.length * Type.BYTES_PER_ELEMENT;
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
