import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mnistDir } from '../../../test/dataDirs';
import { DatasetFileError, parseIdx } from './idx';

/** An IDX file built byte by byte, so each malformed case is exactly what its name says. */
function idx(magic: number, dims: number[], payloadBytes: number): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.alloc(payloadBytes, 7)]);
}

function parseError(gz: Uint8Array, label: string): DatasetFileError {
  try {
    parseIdx(gz, label);
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetFileError);
    return err as DatasetFileError;
  }
  throw new Error('parseIdx accepted a bad file');
}

describe('parseIdx on the real MNIST test files', () => {
  const labelsGz = () => readFileSync(path.join(mnistDir(), 't10k-labels-idx1-ubyte.gz'));

  it('reads 10,000 labels in the published order', () => {
    const { dims, data } = parseIdx(labelsGz(), 't10k-labels-idx1-ubyte.gz');
    expect(dims).toEqual([10_000]);
    expect(data.length).toBe(10_000);
    expect(Array.from(data.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('reads 10,000 images of 28×28', () => {
    const gz = readFileSync(path.join(mnistDir(), 't10k-images-idx3-ubyte.gz'));
    const { dims, data } = parseIdx(gz, 't10k-images-idx3-ubyte.gz');
    expect(dims).toEqual([10_000, 28, 28]);
    expect(data.length).toBe(10_000 * 784);
    // The corners of an MNIST digit are always background.
    expect(data[0]).toBe(0);
    expect(data[783]).toBe(0);
  });

  it('rejects a download cut short, naming the file', () => {
    const gz = labelsGz();
    const err = parseError(gz.subarray(0, gz.length >> 1), 't10k-labels-idx1-ubyte.gz');
    expect(err.file).toBe('t10k-labels-idx1-ubyte.gz');
    expect(err.message).toMatch(/^t10k-labels-idx1-ubyte\.gz: corrupt or truncated gzip data/);
  });

  it('rejects a flipped byte inside the compressed data (gzip CRC), naming the file', () => {
    const gz = Buffer.from(labelsGz());
    gz[2000] = gz[2000]! ^ 0xff;
    const err = parseError(gz, 't10k-labels-idx1-ubyte.gz');
    expect(err.message).toMatch(/^t10k-labels-idx1-ubyte\.gz: corrupt or truncated gzip data/);
  });
});

describe('parseIdx on malformed input', () => {
  it('rejects bytes that are not gzip', () => {
    const err = parseError(Buffer.from('<html>404 Not Found</html>'), 'train-images-idx3-ubyte.gz');
    expect(err.message).toBe('train-images-idx3-ubyte.gz: not a gzip file');
    expect(err.file).toBe('train-images-idx3-ubyte.gz');
  });

  it('rejects an empty file as not gzip', () => {
    expect(parseError(new Uint8Array(0), 'a.gz').message).toBe('a.gz: not a gzip file');
  });

  it('rejects a payload shorter than the header declares', () => {
    const err = parseError(gzipSync(idx(0x0803, [60_000, 28, 28], 1200)), 'train-images-idx3-ubyte.gz');
    expect(err.message).toBe('train-images-idx3-ubyte.gz: truncated: expected 47040000 pixel bytes, found 1200');
  });

  it('counts label files in label bytes', () => {
    const err = parseError(gzipSync(idx(0x0801, [100], 99)), 'train-labels-idx1-ubyte.gz');
    expect(err.message).toBe('train-labels-idx1-ubyte.gz: truncated: expected 100 label bytes, found 99');
  });

  it('rejects a payload longer than the header declares', () => {
    const err = parseError(gzipSync(idx(0x0801, [100], 101)), 'labels.gz');
    expect(err.message).toMatch(/^labels\.gz: 1 unexpected bytes after the 100 label bytes/);
  });

  it('rejects a zero magic', () => {
    const err = parseError(gzipSync(Buffer.alloc(16)), 'train-images-idx3-ubyte.gz');
    expect(err.message).toBe(
      'train-images-idx3-ubyte.gz: bad magic 0x00000000, expected an IDX file of unsigned bytes',
    );
  });

  it('rejects IDX files of floats (type 0x0D)', () => {
    const err = parseError(gzipSync(idx(0x0d03, [1, 2, 2], 16)), 'floats.gz');
    expect(err.message).toContain('bad magic 0x00000d03');
  });

  it('rejects a file that ends inside the dims header', () => {
    const err = parseError(gzipSync(idx(0x0803, [60_000], 0)), 'images.gz');
    expect(err.message).toMatch(/^images\.gz: truncated: the header declares 3 dimensions/);
  });

  it('returns exactly the payload of a well-formed file', () => {
    const raw = idx(0x0803, [2, 3, 4], 24);
    raw.fill(9, 16);
    const { dims, data } = parseIdx(gzipSync(raw), 'ok.gz');
    expect(dims).toEqual([2, 3, 4]);
    expect(Array.from(data)).toEqual(new Array(24).fill(9));
  });
});
