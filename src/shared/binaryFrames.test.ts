import { describe, expect, it } from 'vitest';
import { ActivationsSnapshotSchema, dequantize, quantize } from './activations';
import { containsTypedArray, decodeFrame, encodeFrame } from './binaryFrames';

describe('binary frames', () => {
  it('image encoding round-trips: typed arrays in nested fields come back with their type and values', () => {
    const pixels = Float32Array.from({ length: 10 * 30 * 30 }, (_, i) => Math.sin(i) * 1e3);
    const codes = Uint8Array.from({ length: 13 }, (_, i) => (i * 37) % 256);
    const message = {
      kind: 'event',
      event: 'training.activations',
      payload: {
        runId: 'r1',
        layers: [
          { layer: 'conv2d_1', shape: [10, 30, 30], data: pixels },
          { layer: 'dense_1', shape: [13], data: codes, extra: { ids: Int32Array.of(-5, 7, 2 ** 30) } },
        ],
        note: 'ünïcode ✓',
        empty: new Float32Array(0),
        nothing: null,
      },
    };
    const frame = encodeFrame(message);
    // Raw bytes, not JSON numbers (which would take some 190 kB here): the arrays plus a short header.
    expect(frame.byteLength).toBeLessThan(pixels.byteLength + codes.byteLength + 12 + 1024);
    const decoded = decodeFrame(frame.slice().buffer) as typeof message;
    expect(decoded.payload.layers[0]!.data).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.payload.layers[0]!.data)).toEqual(Array.from(pixels));
    expect(decoded.payload.layers[1]!.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.payload.layers[1]!.data)).toEqual(Array.from(codes));
    expect(Array.from(decoded.payload.layers[1]!.extra!.ids)).toEqual([-5, 7, 2 ** 30]);
    expect(decoded.payload.empty).toBeInstanceOf(Float32Array);
    expect(decoded.payload.empty.length).toBe(0);
    expect({ ...decoded.payload, layers: undefined, empty: undefined }).toEqual({ ...message.payload, layers: undefined, empty: undefined });
  });

  it('decodes from a Node Buffer slice at an odd offset, as ws hands it over', () => {
    const frame = encodeFrame({ data: Float32Array.of(1.5, -2.25) });
    const pool = Buffer.alloc(frame.byteLength + 3);
    pool.set(frame, 3);
    const decoded = decodeFrame(pool.subarray(3)) as { data: Float32Array };
    expect(Array.from(decoded.data)).toEqual([1.5, -2.25]);
  });

  it('refuses headers it did not write: missing or negative offsets, prototype names, no buffer list', () => {
    const forge = (header: unknown, payloadBytes = 64) => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const frame = new Uint8Array(Math.ceil((4 + json.length) / 8) * 8 + payloadBytes);
      new DataView(frame.buffer).setUint32(0, json.length, true);
      frame.set(json, 4);
      return frame;
    };
    const ref = { $typedArray: 0 };
    expect(() => decodeFrame(forge({ value: ref, buffers: [{ type: 'Float32Array', length: 4 }] }))).toThrow(/offset and length/);
    expect(() => decodeFrame(forge({ value: ref, buffers: [{ type: 'Float32Array', offset: -16, length: 4 }] }))).toThrow(/offset and length/);
    expect(() => decodeFrame(forge({ value: ref, buffers: [{ type: 'constructor', offset: 0, length: 4 }] }))).toThrow(/unknown type/);
    expect(() => decodeFrame(forge({ value: ref, buffers: [{ type: 'Float32Array', offset: 2, length: 1 }] }))).toThrow(/not aligned/);
    expect(() => decodeFrame(forge(null))).toThrow(/no buffer list/);
    expect(() => decodeFrame(forge({ value: 1 }))).toThrow(/no buffer list/);
  });

  it('sends a Node Buffer as its bytes, not as a JSON list', () => {
    const decoded = decodeFrame(encodeFrame({ data: Buffer.from([1, 2, 250]) })) as { data: Uint8Array };
    expect(decoded.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.data)).toEqual([1, 2, 250]);
  });

  it('finds typed arrays only where they are', () => {
    expect(containsTypedArray({ a: [{ b: new Uint8Array(1) }] })).toBe(true);
    expect(containsTypedArray({ a: [{ b: [1, 2, 3] }], c: 'x', d: null })).toBe(false);
  });

  it('rejects a truncated frame, naming what is wrong', () => {
    const frame = encodeFrame({ data: new Float32Array(100) });
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 8).slice())).toThrow(/buffer 0 \(Float32Array\) overruns/);
    expect(() => decodeFrame(new Uint8Array(2))).toThrow(/too short/);
  });

  it('a quantised activation snapshot survives the frame and the contract schema', () => {
    const values = Float32Array.from({ length: 50 }, (_, i) => (i - 20) / 7);
    const { min, max, data } = quantize(values);
    const snapshot = { epoch: 1, step: 50, samples: [0, 1], words: {}, layers: [{ layer: 'dense_1', kind: 'Dense', shape: [2, 25], min, max, data }] };
    const parsed = ActivationsSnapshotSchema.parse(decodeFrame(encodeFrame(snapshot)));
    const back = dequantize(parsed.layers[0]!);
    const step = (max - min) / 255;
    back.forEach((v, i) => expect(Math.abs(v - values[i]!)).toBeLessThanOrEqual(step / 2 + 1e-6));
    expect(min).toBeCloseTo(-20 / 7);
    expect(max).toBeCloseTo(29 / 7);
  });
});
