/**
 * A minimal reader for uncompressed tar archives (POSIX ustar, with pax
 * extended headers and GNU long names), enough for the IMDB archive that
 * `git archive` produced. Gunzip first with `zlib.gunzipSync`.
 */

const BLOCK = 512;
const decoder = new TextDecoder('utf-8');

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

export interface TarEntry {
  /** Path inside the archive, with pax or GNU long names applied. */
  name: string;
  /** `'file'` for regular files, `'directory'`, or `'other'` (links, devices, …). */
  type: 'file' | 'directory' | 'other';
  /** The entry's bytes: a view into the archive, not a copy. Empty for directories. */
  data: Uint8Array;
}

/** Every file and directory in `archive`, in archive order. */
export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  let offset = 0;
  let nextName: string | null = null;
  let nextSize: number | null = null;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return; // end-of-archive marker
    verifyChecksum(header, offset);
    const typeflag = String.fromCharCode(header[156]!);
    const size = nextSize ?? parseNumber(header.subarray(124, 136), offset);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw new TarFormatError(`entry at byte ${offset} runs past the end of the archive`);
    const data = archive.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (typeflag === 'x') {
      const records = parsePax(data);
      nextName = records.get('path') ?? nextName;
      const paxSize = records.get('size');
      nextSize = paxSize === undefined ? nextSize : Number(paxSize);
      continue;
    }
    if (typeflag === 'g') continue; // global pax header: git archive stores its commit id here
    if (typeflag === 'L') {
      nextName = cString(data);
      continue;
    }

    const prefix = cString(header.subarray(345, 500));
    const shortName = cString(header.subarray(0, 100));
    const isUstar = cString(header.subarray(257, 263)).startsWith('ustar');
    const name = nextName ?? (isUstar && prefix ? `${prefix}/${shortName}` : shortName);
    nextName = null;
    nextSize = null;
    const type = typeflag === '0' || typeflag === '\0' || typeflag === '7' ? 'file' : typeflag === '5' ? 'directory' : 'other';
    yield { name, type, data: type === 'directory' ? data.subarray(0, 0) : data };
  }
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Octal, NUL/space terminated; or GNU base-256 when the top bit of the first byte is set. */
function parseNumber(field: Uint8Array, at: number): number {
  if (field[0]! & 0x80) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = cString(field).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`bad numeric field ${JSON.stringify(text)} in header at byte ${at}`);
  return text ? parseInt(text, 8) : 0;
}

function verifyChecksum(header: Uint8Array, at: number): void {
  const stored = parseNumber(header.subarray(148, 156), at);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  if (sum !== stored) throw new TarFormatError(`header checksum mismatch at byte ${at}`);
}

/** Pax records: `"<length> <key>=<value>\n"`, where length counts the whole record in bytes. */
function parsePax(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const length = parseInt(decoder.decode(data.subarray(i, space)), 10);
    if (!(length > 0)) break;
    const record = decoder.decode(data.subarray(space + 1, i + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return records;
}
