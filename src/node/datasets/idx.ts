import { gunzipSync } from 'node:zlib';

/**
 * Anything wrong with one dataset file. The message always starts with the file,
 * because the person reading it has to go and fix (or delete) exactly that file.
 */
export class DatasetFileError extends Error {
  constructor(
    /** The file's name or path, as the caller knows it. */
    readonly file: string,
    /** The message without the file name, for lists that already name it. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
    this.name = 'DatasetFileError';
  }
}

export interface IdxArray {
  dims: number[];
  /** A view into the gunzipped buffer, without the header; one byte per element. */
  data: Uint8Array;
}

const IDX_UNSIGNED_BYTE = 0x08;
// The largest IDX files LayerLab reads are ~50 MB unpacked; this only stops a
// hostile or broken file from inflating until the process runs out of memory.
const MAX_UNPACKED_BYTES = 1 << 30;

/**
 * Reads a gzipped IDX file of unsigned bytes (the MNIST family's format).
 * gunzip checks the CRC-32 and length in the gzip trailer, so a corrupted or
 * truncated download fails here even when nobody has hashed the file.
 */
export function parseIdx(gz: Uint8Array, fileLabel: string): IdxArray {
  if (gz.length < 2 || gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new DatasetFileError(fileLabel, 'not a gzip file');
  }
  let raw: Buffer;
  try {
    raw = gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new DatasetFileError(fileLabel, `corrupt or truncated gzip data (${why})`, { cause: err });
  }
  if (raw.length < 4) {
    throw new DatasetFileError(fileLabel, `truncated: ${raw.length} bytes is too short for an IDX header`);
  }
  const magic = raw.readUInt32BE(0);
  const ndims = raw[3] ?? 0;
  if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== IDX_UNSIGNED_BYTE || ndims === 0) {
    const hex = magic.toString(16).padStart(8, '0');
    throw new DatasetFileError(fileLabel, `bad magic 0x${hex}, expected an IDX file of unsigned bytes`);
  }
  const headerBytes = 4 + 4 * ndims;
  if (raw.length < headerBytes) {
    throw new DatasetFileError(
      fileLabel,
      `truncated: the header declares ${ndims} dimensions but the file ends after ${raw.length} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(raw.readUInt32BE(4 + 4 * i));
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = raw.length - headerBytes;
  // Labels are the only 1-D IDX files here; naming the unit helps whoever reads the error.
  const unit = ndims === 1 ? 'label bytes' : 'pixel bytes';
  if (found < expected) {
    throw new DatasetFileError(fileLabel, `truncated: expected ${expected} ${unit}, found ${found}`);
  }
  if (found > expected) {
    throw new DatasetFileError(
      fileLabel,
      `${found - expected} unexpected bytes after the ${expected} ${unit} its header declares (dims [${dims.join(', ')}])`,
    );
  }
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + headerBytes, expected) };
}
