import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, npyBytes, npzBytes } from './npz';

/** The ZIP's entries read back by their local headers: name and inflated bytes. */
function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, Uint8Array>();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const packed = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    const data = inflateRawSync(bytes.subarray(at + 30 + nameLength, at + 30 + nameLength + packed));
    expect(crc32(data)).toBe(view.getUint32(at + 14, true));
    out.set(name, data);
    at += 30 + nameLength + packed;
  }
  return out;
}

describe('npy', () => {
  it('writes the format 1.0 header NumPy reads, data aligned to 64 bytes', () => {
    const bytes = npyBytes(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith(' \n')).toBe(true);
    expect((10 + headerLength) % 64).toBe(0);
    expect(Array.from(new Float32Array(bytes.slice(10 + headerLength).buffer))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes one-dimensional shapes as a one-tuple and int32 as <i4', () => {
    const header = new TextDecoder().decode(npyBytes(Int32Array.from([7]), [1]).subarray(10));
    expect(header).toContain("'descr': '<i4'");
    expect(header).toContain("'shape': (1,)");
  });
});

describe('npz', () => {
  it('has the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('zips each array as NAME.npy, deflated, with a central directory', () => {
    const bytes = npzBytes([
      { name: 'train_x0', values: new Float32Array(1000), shape: [10, 100] },
      { name: 'tutorial_batches', values: Int32Array.from([0, 2, 2, 4]), shape: [2, 2] },
    ]);
    const entries = unzip(bytes);
    expect([...entries.keys()]).toEqual(['train_x0.npy', 'tutorial_batches.npy']);
    expect(new Uint8Array(entries.get('train_x0.npy')!)).toEqual(npyBytes(new Float32Array(1000), [10, 100]));
    expect(bytes.byteLength).toBeLessThan(1000); // zeros deflate
    const end = new DataView(bytes.buffer, bytes.byteLength - 22);
    expect(end.getUint32(0, true)).toBe(0x06054b50);
    expect(end.getUint16(10, true)).toBe(2);
  });
});
