import { describe, expect, it } from 'vitest';
import { readTar, TarFormatError } from './tar';

const enc = new TextEncoder();

/** One 512-byte ustar header, checksum included. */
function header(name: string, size: number, typeflag: string, prefix = ''): Uint8Array {
  const h = new Uint8Array(512);
  h.set(enc.encode(name).subarray(0, 100), 0);
  h.set(enc.encode('0000644\0'), 100);
  h.set(enc.encode(size.toString(8).padStart(11, '0') + '\0'), 124);
  h.set(enc.encode('00000000000\0'), 136);
  h[156] = typeflag.charCodeAt(0);
  h.set(enc.encode('ustar\0'), 257);
  h.set(enc.encode('00'), 263);
  h.set(enc.encode(prefix), 345);
  h.fill(32, 148, 156);
  const sum = h.reduce((a, b) => a + b, 0);
  h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
  return h;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

function entry(name: string, body: string, typeflag = '0', prefix = ''): Uint8Array[] {
  const data = enc.encode(body);
  return [header(name, data.length, typeflag, prefix), padded(data)];
}

function pax(records: Record<string, string>): string {
  return Object.entries(records)
    .map(([k, v]) => {
      const body = ` ${k}=${v}\n`;
      let len = body.length + 1;
      while (String(len).length + body.length !== len) len = String(len).length + body.length;
      return `${len}${body}`;
    })
    .join('');
}

function archive(...parts: Uint8Array[][]): Uint8Array {
  const blocks = [...parts.flat(), new Uint8Array(1024)];
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

describe('readTar', () => {
  const longName = `aclImdb/train/pos/${'x'.repeat(120)}_9.txt`;
  const tar = archive(
    entry('pax_global_header', pax({ comment: 'commit id' }), 'g'),
    [header('aclImdb/', 0, '5')],
    entry('short.txt', 'hello', '0', 'aclImdb'),
    entry('PaxHeader', pax({ path: longName }), 'x'),
    entry('truncated-name', 'long one'),
    entry('././@LongLink', 'gnu/long/name.txt\0', 'L'),
    entry('gnu-short', 'gnu body'),
    entry('blank-type', 'old tar', '\0'),
  );

  it('reads files and directories, applying ustar prefixes, pax paths and GNU long names', () => {
    const entries = [...readTar(tar)].map((e) => ({ name: e.name, type: e.type, body: new TextDecoder().decode(e.data) }));
    expect(entries).toEqual([
      { name: 'aclImdb/', type: 'directory', body: '' },
      { name: 'aclImdb/short.txt', type: 'file', body: 'hello' },
      { name: longName, type: 'file', body: 'long one' },
      { name: 'gnu/long/name.txt', type: 'file', body: 'gnu body' },
      { name: 'blank-type', type: 'file', body: 'old tar' },
    ]);
  });

  it('rejects a corrupted header', () => {
    const bad = tar.slice();
    bad[1024 + 3] = bad[1024 + 3]! ^ 0xff; // inside the directory header's name (after the global pax header and its data)
    expect(() => [...readTar(bad)]).toThrow(TarFormatError);
  });

  it('rejects an entry that runs past the end', () => {
    const [h] = entry('big', 'x'.repeat(600));
    expect(() => [...readTar(h!)]).toThrow(/past the end/);
  });

  it('stops at the end-of-archive marker', () => {
    expect([...readTar(new Uint8Array(1024))]).toEqual([]);
  });
});
