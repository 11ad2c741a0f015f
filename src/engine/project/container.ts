import { Inflate, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import type { Project } from './schema';
import { weightsByteLength, type StoredWeights, type WeightSpec } from './weights';
import { jsonNestingDepth } from '../jsonDepth';

/**
 * The `.layerlab` project file: a zip archive holding
 *
 *   project.json           the Project document (any version; see migrations.ts)
 *   weights/<runId>.json   WeightSpec[] manifest of one run's trained weights
 *   weights/<runId>.bin    those weights, raw float32 little-endian, in manifest order
 *
 * Pre-release LayerLab saved a bare JSON document instead (project format v0);
 * `unpackProject` accepts that too, with no weights.
 *
 * Pure: no node builtins, no DOM.
 */

export const PROJECT_ENTRY = 'project.json';
export const WEIGHTS_DIR = 'weights/';

/** Run ids that may name files (in the archive and in the weights store). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The file is not a readable LayerLab project. `reason` says why, for people. */
export class ProjectFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ProjectFileError';
  }
}

export interface UnpackedProject {
  /** The parsed project document, not yet migrated or checked. */
  raw: unknown;
  /** Weights by run id, each one's length already checked against its manifest. */
  weights: Map<string, StoredWeights>;
  /** Sentences about parts of the file that were dropped. */
  problems: string[];
}

const WeightSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().min(0)),
  dtype: z.literal('float32'),
});
const WeightManifestSchema = z.array(WeightSpecSchema);

/**
 * Packs a project and its runs' weights and checkpoints. A run whose
 * `hasWeights` is true but whose weights are not in `weights` is written with
 * `hasWeights: false`, and a checkpoint without weights is left out, so the
 * file never claims weights it does not hold; weights that no run or
 * checkpoint names are ignored.
 */
export function packProject(project: Project, weights: ReadonlyMap<string, StoredWeights>): Uint8Array {
  const files: Zippable = {};
  const pack = (id: string, stored: StoredWeights) => {
    if (!RUN_ID_PATTERN.test(id)) {
      throw new Error(`Run id "${id}" cannot name a weights file (allowed: letters, digits, _ and -)`);
    }
    const expected = weightsByteLength(stored.specs);
    if (stored.data.byteLength !== expected) {
      throw new Error(`Weights of run "${id}" are ${stored.data.byteLength} bytes but their manifest describes ${expected}`);
    }
    // Already-compressed-looking float data deflates poorly; store it as is.
    files[`${WEIGHTS_DIR}${id}.json`] = strToU8(JSON.stringify(stored.specs));
    files[`${WEIGHTS_DIR}${id}.bin`] = [stored.data, { level: 0 }];
  };
  const runs = project.runs.map((run) => {
    const stored = run.hasWeights ? weights.get(run.id) : undefined;
    if (stored) pack(run.id, stored);
    const checkpoints = run.checkpoints.filter((c) => {
      const saved = weights.get(c.id);
      if (saved) pack(c.id, saved);
      return saved !== undefined;
    });
    return { ...run, hasWeights: run.hasWeights && stored !== undefined, checkpoints };
  });
  files[PROJECT_ENTRY] = strToU8(JSON.stringify({ ...project, runs }, null, 2));
  return zipSync(files, { level: 6 });
}

function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record of an empty archive.
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06))
  );
}

/** A bare JSON object: optional UTF-8 BOM, whitespace, then `{`. */
function looksLikeJsonObject(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Deepest `{`/`[` nesting a project document may have; real ones stay under 20. */
export const MAX_JSON_DEPTH = 256;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string; tooDeep?: boolean };

function parseJson(text: string): Parsed {
  const depth = jsonNestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return { ok: false, tooDeep: true, message: `nested ${depth} levels deep; the limit is ${MAX_JSON_DEPTH}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, tooDeep: true, message: `too large or too deeply nested to read (${err.message})` };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * `what` (e.g. "the file", "project.json") as a parsed document, or a
 * ProjectFileError saying why not: over MAX_JSON_BYTES, not UTF-8, nested
 * deeper than MAX_JSON_DEPTH, or not JSON.
 */
export function parseDocument(bytes: Uint8Array, what: string, fileLabel: string): unknown {
  if (bytes.byteLength > MAX_JSON_BYTES) {
    throw new ProjectFileError(
      fileLabel,
      `${what} is ${formatBytes(bytes.byteLength)} of JSON; the limit for a project document is ${formatBytes(MAX_JSON_BYTES)}`,
    );
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw new ProjectFileError(fileLabel, `${what} is not valid UTF-8 text`);
  const parsed = parseJson(text.replace(/^\uFEFF/, ''));
  if (parsed.ok) return parsed.value;
  if (parsed.tooDeep) throw new ProjectFileError(fileLabel, `${what} is ${parsed.message}`);
  throw new ProjectFileError(fileLabel, `${what} is not valid JSON (${parsed.message})`);
}

// ---------------------------------------------------------------------------
// Size limits. A project file is read whole into memory, so these keep a
// hostile or damaged file from taking the process down.

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Largest project file (archive) LayerLab opens: 2 GiB. The weights are stored
 * uncompressed, so this is about 500 million float32 parameters, far beyond
 * the models LayerLab builds (the largest tutorial models are a few million);
 * it is also the most Node's own readFile takes in one piece.
 */
export const MAX_PROJECT_FILE_BYTES = 2 * GiB;
/**
 * Largest project document (a bare JSON file, or project.json inflated):
 * 256 MiB. Real ones are kilobytes to a few megabytes (graph, settings and run
 * histories, no weights); V8 cannot hold a string much over 512 MiB at all.
 */
export const MAX_JSON_BYTES = 256 * MiB;
/** Largest weights manifest (weights/<id>.json): a list of tensor names and shapes. */
export const MAX_MANIFEST_BYTES = 16 * MiB;
/** Largest single inflated archive entry (one run's weights). */
export const MAX_ENTRY_BYTES = MAX_PROJECT_FILE_BYTES;
/** Largest total of all entries LayerLab inflates from one archive. */
export const MAX_INFLATED_BYTES = MAX_PROJECT_FILE_BYTES + MAX_JSON_BYTES;
/**
 * Entries above this size may not inflate to more than MAX_RATIO times their
 * compressed size. Weights are stored uncompressed (ratio 1) and project.json
 * deflates about 10:1; a 1 GiB entry in a 1 MB archive is a zip bomb.
 */
export const RATIO_CHECK_BYTES = 64 * MiB;
export const MAX_RATIO = 200;

/** 1536 → "1.5 KiB"; for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

// ---------------------------------------------------------------------------
// Zip reading. LayerLab walks the central directory itself (rather than
// fflate's unzipSync) so it can check every entry's name and declared size
// before inflating anything, and stop an entry that inflates past its
// declared size (declared sizes can lie).

/** The archive is damaged, truncated or hostile; the message says how. */
export class ZipError extends Error {
  constructor(
    message: string,
    /** 'refused': readable but over a limit or unsafe; 'damaged': not a readable archive. */
    readonly kind: 'damaged' | 'refused' = 'damaged',
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  flags: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares. */
  declaredSize: number;
  /** Offset of the entry's local header from the start of the file. */
  localHeaderOffset: number;
}

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 0x1_0000_0000;

/** Why `name` may not be in a project archive, or null when it is fine. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split(/[/\\]/).includes('..')) return 'climbs out of the archive with ..';
  return null;
}

/**
 * The central directory of the zip archive in `tail`, which holds the last
 * `tail.length` bytes of a file of `fileSize` bytes (all of it, usually).
 * Throws ZipError when it is missing, damaged, or names an unsafe path.
 */
export function readZipDirectory(tail: Uint8Array, fileSize = tail.length): ZipEntry[] {
  const base = fileSize - tail.length;
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (u32(tail, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end of central directory record');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(tail, eocd - 20) === 0x07064b50) {
    const z = u64(tail, eocd - 12) - base;
    if (z < 0 || z + 56 > tail.length || u32(tail, z) !== 0x06064b50) throw new ZipError('damaged zip64 directory record');
    count = u64(tail, z + 32);
    cdSize = u64(tail, z + 40);
    cdOffset = u64(tail, z + 48);
  }
  const start = cdOffset - base;
  if (start < 0 || start + cdSize > tail.length) throw new ZipError('the central directory lies outside the file');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = start;
  for (let n = 0; n < count; n++) {
    if (p + 46 > tail.length || u32(tail, p) !== 0x02014b50) throw new ZipError('damaged central directory');
    const nameLength = u16(tail, p + 28);
    const extraLength = u16(tail, p + 30);
    const commentLength = u16(tail, p + 32);
    if (p + 46 + nameLength + extraLength > tail.length) throw new ZipError('damaged central directory');
    const name = decoder.decode(tail.subarray(p + 46, p + 46 + nameLength));
    let compressedSize = u32(tail, p + 20);
    let declaredSize = u32(tail, p + 24);
    let localHeaderOffset = u32(tail, p + 42);
    // Zip64 extra field: the 64-bit values, in this order, for those that are 0xffffffff.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = u16(tail, e);
      const size = u16(tail, e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (declaredSize === 0xffffffff) {
          declaredSize = u64(tail, f);
          f += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(tail, f);
          f += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(tail, f);
      }
      e += 4 + size;
    }
    const unsafe = unsafeEntryName(name);
    if (unsafe) throw new ZipError(`entry name ${JSON.stringify(name)} ${unsafe}`, 'refused');
    entries.push({ name, method: u16(tail, p + 10), flags: u16(tail, p + 8), compressedSize, declaredSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts, from its local header (`header` holds at least its first 30 bytes). */
export function entryDataOffset(entry: ZipEntry, header: Uint8Array): number {
  if (header.length < 30 || u32(header, 0) !== 0x04034b50) throw new ZipError(`damaged local header for ${entry.name}`);
  return entry.localHeaderOffset + 30 + u16(header, 26) + u16(header, 28);
}

/**
 * Checks an entry's declared size against `limit` and a sane compression
 * ratio, before anything is inflated.
 */
export function checkDeclaredSize(entry: ZipEntry, limit: number): void {
  if (entry.declaredSize > limit) {
    throw new ZipError(
      `entry ${entry.name} declares ${formatBytes(entry.declaredSize)} uncompressed; the limit is ${formatBytes(limit)}`,
      'refused',
    );
  }
  if (entry.declaredSize > RATIO_CHECK_BYTES && entry.declaredSize > entry.compressedSize * MAX_RATIO) {
    const ratio = Math.round(entry.declaredSize / Math.max(1, entry.compressedSize));
    throw new ZipError(
      `entry ${entry.name} would inflate ${formatBytes(entry.compressedSize)} to ${formatBytes(entry.declaredSize)} (${ratio}:1), which no project does; refusing a likely zip bomb`,
      'refused',
    );
  }
}

/**
 * Inflates one entry's data (`compressed`, exactly its compressed bytes),
 * refusing to produce more than its declared size: the output is counted as
 * it is made, in small steps, so a lying header cannot make it allocate more.
 */
export function inflateEntry(entry: ZipEntry, compressed: Uint8Array): Uint8Array {
  if (entry.flags & 1) throw new ZipError(`entry ${entry.name} is encrypted`);
  if (compressed.length !== entry.compressedSize) throw new ZipError(`entry ${entry.name} is truncated`);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.declaredSize) throw new ZipError(`entry ${entry.name} has inconsistent sizes`);
    return compressed;
  }
  if (entry.method !== 8) throw new ZipError(`entry ${entry.name} uses compression method ${entry.method}, which LayerLab does not read`);
  const out = new Uint8Array(entry.declaredSize);
  let produced = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (produced + chunk.length > out.length) {
      throw new ZipError(`entry ${entry.name} inflates to more than its declared ${formatBytes(entry.declaredSize)}`, 'refused');
    }
    out.set(chunk, produced);
    produced += chunk.length;
    if (final) ended = true;
  });
  const STEP = 16 * 1024; // at most ~16 MiB of output per step (deflate tops out near 1032:1)
  try {
    for (let i = 0; i < compressed.length; i += STEP) {
      const end = Math.min(compressed.length, i + STEP);
      inflater.push(compressed.subarray(i, end), end === compressed.length);
    }
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof ZipError) throw err;
    throw new ZipError(`entry ${entry.name} is damaged (${errorMessage(err)})`);
  }
  if (!ended || produced !== entry.declaredSize) {
    throw new ZipError(`entry ${entry.name} inflates to ${produced} bytes, not its declared ${entry.declaredSize}`);
  }
  return out;
}

/** The per-entry limit for an entry LayerLab reads. */
function entryLimit(name: string): number {
  if (name === PROJECT_ENTRY) return MAX_JSON_BYTES;
  if (name.endsWith('.json')) return MAX_MANIFEST_BYTES;
  return MAX_ENTRY_BYTES;
}

/**
 * Inflates the entries `want` selects from a whole archive in memory, after
 * checking every declared size (each against its limit, and their total
 * against MAX_INFLATED_BYTES).
 */
export function readZipEntries(bytes: Uint8Array, want: (name: string) => boolean): Record<string, Uint8Array> {
  const entries = readZipDirectory(bytes).filter((e) => want(e.name) && !e.name.endsWith('/'));
  let total = 0;
  for (const entry of entries) {
    checkDeclaredSize(entry, entryLimit(entry.name));
    total += entry.declaredSize;
  }
  if (total > MAX_INFLATED_BYTES) {
    throw new ZipError(
      `the entries declare ${formatBytes(total)} uncompressed in all; the limit is ${formatBytes(MAX_INFLATED_BYTES)}`,
      'refused',
    );
  }
  const out: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    const start = entryDataOffset(entry, bytes.subarray(entry.localHeaderOffset, entry.localHeaderOffset + 30));
    if (start + entry.compressedSize > bytes.length) throw new ZipError(`entry ${entry.name} runs past the end of the file`);
    out[entry.name] = inflateEntry(entry, bytes.subarray(start, start + entry.compressedSize));
  }
  return out;
}

/**
 * Opens a project file's bytes. Throws ProjectFileError (naming `fileLabel`)
 * when they are not a LayerLab project container at all; a damaged weights
 * entry only drops that run's weights, with a problem naming the run.
 */
export function unpackProject(bytes: Uint8Array, fileLabel: string): UnpackedProject {
  if (bytes.length === 0) throw new ProjectFileError(fileLabel, 'the file is empty');

  if (!isZip(bytes)) {
    if (looksLikeJsonObject(bytes)) {
      // Pre-release LayerLab (format v0) saved plain JSON.
      return { raw: parseDocument(bytes, 'the file', fileLabel), weights: new Map(), problems: [] };
    }
    throw new ProjectFileError(fileLabel, 'not a LayerLab project file (it is neither a .layerlab zip archive nor JSON)');
  }
  if (bytes.length > MAX_PROJECT_FILE_BYTES) {
    throw new ProjectFileError(fileLabel, `the file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(MAX_PROJECT_FILE_BYTES)}`);
  }

  let entries: Record<string, Uint8Array>;
  try {
    // Inflate only what LayerLab reads; anything else in the archive is ignored.
    entries = readZipEntries(bytes, (name) => name === PROJECT_ENTRY || name.startsWith(WEIGHTS_DIR));
  } catch (err) {
    if (err instanceof ZipError && err.kind === 'refused') {
      throw new ProjectFileError(fileLabel, `the zip archive is refused: ${err.message}`);
    }
    throw new ProjectFileError(fileLabel, `the zip archive is damaged or truncated (${errorMessage(err)})`);
  }

  const projectBytes = entries[PROJECT_ENTRY];
  if (!projectBytes) {
    throw new ProjectFileError(fileLabel, `the archive has no ${PROJECT_ENTRY}, so it is not a LayerLab project`);
  }
  const raw = parseDocument(projectBytes, PROJECT_ENTRY, fileLabel);

  const problems: string[] = [];
  const weights = new Map<string, StoredWeights>();
  const manifests = new Map<string, Uint8Array>();
  const blobs = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) {
    if (name === PROJECT_ENTRY || name.endsWith('/')) continue;
    const m = /^weights\/(.+)\.(json|bin)$/.exec(name);
    const runId = m?.[1];
    if (!m || runId === undefined || !RUN_ID_PATTERN.test(runId)) {
      problems.push(`Archive entry "${name}" is not a weights file LayerLab knows; it was ignored.`);
      continue;
    }
    (m[2] === 'json' ? manifests : blobs).set(runId, data);
  }

  for (const [runId, manifestBytes] of manifests) {
    const blob = blobs.get(runId);
    blobs.delete(runId);
    if (!blob) {
      problems.push(`Run "${runId}": the weights manifest has no ${WEIGHTS_DIR}${runId}.bin; its weights were dropped.`);
      continue;
    }
    const manifestText = decodeUtf8(manifestBytes);
    const manifestJson = manifestText === null ? null : parseJson(manifestText);
    if (!manifestJson || !manifestJson.ok) {
      problems.push(`Run "${runId}": the weights manifest is not valid JSON; its weights were dropped.`);
      continue;
    }
    const specs = WeightManifestSchema.safeParse(manifestJson.value);
    if (!specs.success) {
      const issue = specs.error.issues[0];
      const where = issue ? issue.path.map(String).join('.') : '';
      problems.push(
        `Run "${runId}": the weights manifest is malformed${where ? ` at ${where}` : ''} (${issue?.message ?? 'invalid'}); its weights were dropped.`,
      );
      continue;
    }
    const specList: WeightSpec[] = specs.data;
    const expected = weightsByteLength(specList);
    if (blob.byteLength !== expected) {
      problems.push(
        `Run "${runId}": the weights are ${blob.byteLength} bytes but the manifest describes ${expected}; its weights were dropped.`,
      );
      continue;
    }
    weights.set(runId, { specs: specList, data: blob });
  }
  for (const runId of blobs.keys()) {
    problems.push(`Run "${runId}": weights data without a manifest (${WEIGHTS_DIR}${runId}.json); it was dropped.`);
  }

  return { raw, weights, problems };
}

/** The archive's entry names, for tests and tools. Throws on a damaged archive. */
export function listEntries(bytes: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(bytes, {
    filter: (f) => {
      names.push(f.name);
      return false;
    },
  });
  return names;
}
