import { deflateRawSync } from 'node:zlib';

/** One array of a .npz: float32 or int32, row-major, little-endian (as every supported host is). */
export interface NpzArray {
  name: string;
  values: Float32Array | Int32Array;
  shape: readonly number[];
}

/**
 * The `.npy` format 1.0 bytes of one array: magic, header dict padded so the
 * data starts on a 64-byte boundary, then the raw values.
 */
export function npyBytes(values: Float32Array | Int32Array, shape: readonly number[]): Uint8Array {
  const descr = values instanceof Int32Array ? '<i4' : '<f4';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  header += ' '.repeat(63 - ((preamble + header.length) % 64)) + '\n';
  const out = new Uint8Array(preamble + header.length + values.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), preamble);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), preamble + header.length);
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A `.npz` (what `np.savez_compressed` writes: a ZIP of `.npy` files,
 * deflated, since scaled pixels are mostly zeros). Plain ZIP without ZIP64, so
 * each array and the whole file must stay under 4 GiB.
 */
export function npzBytes(arrays: readonly NpzArray[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const array of arrays) {
    const raw = npyBytes(array.values, array.shape);
    const packed = deflateRawSync(raw);
    const name = new TextEncoder().encode(`${array.name}.npy`);
    if (raw.byteLength >= 2 ** 32 || offset + packed.byteLength >= 2 ** 32) throw new Error(`Array '${array.name}' makes the .npz exceed 4 GiB`);
    const crc = crc32(raw);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    local.setUint16(8, 8, true); // method: deflate
    local.setUint32(14, crc, true);
    local.setUint32(18, packed.byteLength, true);
    local.setUint32(22, raw.byteLength, true);
    local.setUint16(26, name.length, true);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(10, 8, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, packed.byteLength, true);
    entry.setUint32(24, raw.byteLength, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, packed);
    central.push(new Uint8Array(entry.buffer), name);
    offset += 30 + name.length + packed.byteLength;
  }
  const centralSize = central.reduce((n, c) => n + c.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, arrays.length, true);
  end.setUint16(10, arrays.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
