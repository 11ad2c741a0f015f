import { Deflate, strToU8, zipSync } from 'fflate';
import { sampleProject } from '../../test/fixtures/projects';
import type { Project } from '../engine/project/schema';

/**
 * Test helpers for the fault tests (projectFaults.test.ts, killSave.test.ts):
 * hostile archives and a project large enough that saving it takes a while.
 */

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * A raw DEFLATE stream of `(5 + 8 * groups)` MiB of zeros, built in
 * milliseconds: fflate's level-1 output for zero MiB blocks repeats with a
 * period of 8 blocks once warmed up, so one period is compressed and repeated.
 * groups = 128 gives 1029 MiB from about 1 MB.
 */
export function zeroBombStream(groups: number): { stream: Uint8Array; inflatedBytes: number } {
  const MiB = 1 << 20;
  const zeros = new Uint8Array(MiB);
  let current: Uint8Array[] = [];
  const perPush: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => current.push(chunk.slice()));
  for (let i = 0; i < 12; i++) {
    deflate.push(zeros, false);
    perPush.push(concat(current));
    current = [];
  }
  deflate.push(zeros, true);
  const final = concat(current);
  const head = perPush.slice(0, 4);
  const period = concat(perPush.slice(4, 12));
  const parts = [...head];
  for (let g = 0; g < groups; g++) parts.push(period);
  parts.push(final);
  return { stream: concat(parts), inflatedBytes: (5 + 8 * groups) * MiB };
}

/** CRC-32 (IEEE), for hand-made archives. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export interface RawEntry {
  name: string;
  /** The stored data (method 0) or a raw DEFLATE stream (method 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size written in both headers (may lie). */
  declaredSize: number;
  crc?: number;
}

/** A zip archive written by hand, so that its headers can say anything. */
export function handMadeZip(entries: RawEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(14, e.crc ?? 0, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, e.crc ?? 0, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cd = concat(centrals);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, cd, eocd]);
}

/** A stored entry with honest headers. */
export function storedEntry(name: string, data: Uint8Array): RawEntry {
  return { name, data, method: 0, declaredSize: data.length, crc: crc32(data) };
}

/** A valid minimal archive (project.json only) as fflate writes it, plus extra entries. */
export function zipWithProject(extra: Record<string, Uint8Array> = {}, project: unknown = sampleProject()): Uint8Array {
  return zipSync({ 'project.json': strToU8(JSON.stringify(project)), ...extra });
}

/**
 * The sample project under another name, with `batches` batch records in its
 * first run, so that packing and writing it take a few milliseconds.
 */
export function bulkyProject(name: string, batches: number): Project {
  const project = sampleProject();
  project.name = name;
  const run = project.runs[0]!;
  run.batches = Array.from({ length: batches }, (_, i) => ({
    step: i + 1,
    epoch: 1 + Math.floor(i / 1000),
    loss: Math.round(Math.abs(Math.sin(i + name.length)) * 1e6) / 1e6,
    acc: null,
  }));
  return project;
}
