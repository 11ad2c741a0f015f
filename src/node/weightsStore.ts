import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RUN_ID_PATTERN } from '../engine/project/container';
import { weightsByteLength, type StoredWeights } from '../engine/project/weights';
import { ApiError } from '../shared/contract';
import { writeFileAtomic } from './atomicWrite';

const ManifestSchema = z.array(
  z.object({ name: z.string().min(1), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') }),
);

/**
 * Trained weights by run id, outside any project file: `<dir>/<runId>.json`
 * (the WeightSpec[] manifest) and `<dir>/<runId>.bin` (raw float32 LE). The
 * trainer process writes here and the backend reads, so every write is atomic
 * and the data is written before its manifest: a reader that sees a manifest
 * sees complete data (and checks its length anyway).
 */
export class WeightsStore {
  constructor(readonly dir: string) {}

  /** Throws ApiError('bad-request') for ids that could escape the directory. */
  static checkRunId(runId: string): void {
    if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) {
      throw new ApiError('bad-request', `Invalid run id ${JSON.stringify(runId)}: use letters, digits, _ and - only`);
    }
  }

  private paths(runId: string): { manifest: string; data: string } {
    WeightsStore.checkRunId(runId);
    return { manifest: path.join(this.dir, `${runId}.json`), data: path.join(this.dir, `${runId}.bin`) };
  }

  /** Whether both files of the run are present (synchronous, so `if (store.has(id))` is right). */
  has(runId: string): boolean {
    const p = this.paths(runId);
    return existsSync(p.manifest) && existsSync(p.data);
  }

  /** ApiError 'not-found' when absent, 'invalid-file' when damaged. */
  async read(runId: string): Promise<StoredWeights> {
    const p = this.paths(runId);
    let manifestText: string;
    let data: Buffer;
    try {
      [manifestText, data] = await Promise.all([readFile(p.manifest, 'utf8'), readFile(p.data)]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ApiError('not-found', `No saved weights for run ${runId}`);
      }
      throw err;
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(manifestText);
    } catch {
      throw new ApiError('invalid-file', `${p.manifest}: the weights manifest is not valid JSON`);
    }
    const specs = ManifestSchema.safeParse(manifest);
    if (!specs.success) {
      throw new ApiError('invalid-file', `${p.manifest}: the weights manifest is malformed`);
    }
    const expected = weightsByteLength(specs.data);
    if (data.byteLength !== expected) {
      throw new ApiError(
        'invalid-file',
        `${p.data}: the weights are ${data.byteLength} bytes but the manifest describes ${expected}`,
      );
    }
    return { specs: specs.data, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  async write(runId: string, weights: StoredWeights): Promise<void> {
    const p = this.paths(runId);
    const expected = weightsByteLength(weights.specs);
    if (weights.data.byteLength !== expected) {
      throw new Error(`Weights of run ${runId} are ${weights.data.byteLength} bytes but their specs describe ${expected}`);
    }
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(p.data, weights.data);
    await writeFileAtomic(p.manifest, new TextEncoder().encode(JSON.stringify(weights.specs)));
  }

  /** Removes the run's weights; absent ones are no error. */
  async delete(runId: string): Promise<void> {
    const p = this.paths(runId);
    // Manifest first, so a half-deleted run reads as absent rather than damaged.
    await rm(p.manifest, { force: true });
    await rm(p.data, { force: true });
  }
}
