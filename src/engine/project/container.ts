import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import type { Project } from './schema';
import { weightsByteLength, type StoredWeights, type WeightSpec } from './weights';

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
 * Packs a project and its runs' weights. A run whose `hasWeights` is true but
 * whose weights are not in `weights` is written with `hasWeights: false`, so
 * the file never claims weights it does not hold; weights of runs that are not
 * in the project are ignored.
 */
export function packProject(project: Project, weights: ReadonlyMap<string, StoredWeights>): Uint8Array {
  const files: Zippable = {};
  const runs = project.runs.map((run) => {
    const stored = run.hasWeights ? weights.get(run.id) : undefined;
    if (!stored) return run.hasWeights ? { ...run, hasWeights: false } : run;
    if (!RUN_ID_PATTERN.test(run.id)) {
      throw new Error(`Run id "${run.id}" cannot name a weights file (allowed: letters, digits, _ and -)`);
    }
    const expected = weightsByteLength(stored.specs);
    if (stored.data.byteLength !== expected) {
      throw new Error(
        `Weights of run "${run.id}" are ${stored.data.byteLength} bytes but their manifest describes ${expected}`,
      );
    }
    // Already-compressed-looking float data deflates poorly; store it as is.
    files[`${WEIGHTS_DIR}${run.id}.json`] = strToU8(JSON.stringify(stored.specs));
    files[`${WEIGHTS_DIR}${run.id}.bin`] = [stored.data, { level: 0 }];
    return run;
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

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
      const text = decodeUtf8(bytes);
      if (text === null) throw new ProjectFileError(fileLabel, 'the file is not valid UTF-8 text');
      const parsed = parseJson(text.replace(/^\uFEFF/, ''));
      if (!parsed.ok) throw new ProjectFileError(fileLabel, `the file is not valid JSON (${parsed.message})`);
      return { raw: parsed.value, weights: new Map(), problems: [] };
    }
    throw new ProjectFileError(fileLabel, 'not a LayerLab project file (it is neither a .layerlab zip archive nor JSON)');
  }

  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      // Inflate only what LayerLab reads; anything else in the archive is ignored.
      filter: (f) => f.name === PROJECT_ENTRY || f.name.startsWith(WEIGHTS_DIR),
    });
  } catch (err) {
    throw new ProjectFileError(fileLabel, `the zip archive is damaged or truncated (${errorMessage(err)})`);
  }

  const projectBytes = entries[PROJECT_ENTRY];
  if (!projectBytes) {
    throw new ProjectFileError(fileLabel, `the archive has no ${PROJECT_ENTRY}, so it is not a LayerLab project`);
  }
  const text = decodeUtf8(projectBytes);
  if (text === null) throw new ProjectFileError(fileLabel, `${PROJECT_ENTRY} is not valid UTF-8 text`);
  const parsed = parseJson(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) throw new ProjectFileError(fileLabel, `${PROJECT_ENTRY} is not valid JSON (${parsed.message})`);

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

  return { raw: parsed.value, weights, problems };
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
