import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pseudoRandomBytes, sampleProject, sampleWeights } from '../../../test/fixtures/projects';
import { listEntries, packProject, ProjectFileError, unpackProject } from './container';
import { restoreProject } from './restore';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('packProject / unpackProject', () => {
  it('round-trips project and weights through restore unchanged', () => {
    const project = sampleProject();
    const weights = new Map([['run-a', sampleWeights(1)]]);
    const bytes = packProject(project, weights);

    expect(listEntries(bytes).sort()).toEqual(['project.json', 'weights/run-a.bin', 'weights/run-a.json']);
    const unpacked = unpackProject(bytes, 'sample.layerlab');
    expect(unpacked.problems).toEqual([]);
    const restored = restoreProject(unpacked.raw, 'sample.layerlab', { weights: unpacked.weights });
    expect(restored.problems).toEqual([]);
    expect(restored.migrations).toEqual([]);
    expect(restored.project).toEqual(project);
    expect([...unpacked.weights.keys()]).toEqual(['run-a']);
    const back = unpacked.weights.get('run-a')!;
    expect(back.specs).toEqual(sampleWeights(1).specs);
    expect(Array.from(back.data)).toEqual(Array.from(sampleWeights(1).data));
  });

  it('writes hasWeights=false for a run whose weights it was not given', () => {
    const project = sampleProject();
    const unpacked = unpackProject(packProject(project, new Map()), 'x.layerlab');
    expect(unpacked.weights.size).toBe(0);
    expect((unpacked.raw as { runs: { hasWeights: boolean }[] }).runs.map((r) => r.hasWeights)).toEqual([false, false]);
    // The caller's project is not modified.
    expect(project.runs[0]!.hasWeights).toBe(true);
  });

  it('refuses to pack weights whose length does not match their specs', () => {
    const bad = { ...sampleWeights(), data: new Uint8Array(7) };
    expect(() => packProject(sampleProject(), new Map([['run-a', bad]]))).toThrow(/run-a/);
  });

  it('drops a weights blob whose length differs from its manifest, naming the run', () => {
    const project = sampleProject();
    const files = {
      'project.json': strToU8(JSON.stringify(project)),
      'weights/run-a.json': strToU8(JSON.stringify(sampleWeights().specs)),
      'weights/run-a.bin': new Uint8Array(56), // 60 expected
    };
    const unpacked = unpackProject(zipSync(files), 'short.layerlab');
    expect(unpacked.weights.size).toBe(0);
    expect(unpacked.problems).toHaveLength(1);
    expect(unpacked.problems[0]).toMatch(/run-a.*56 bytes.*60/);

    const restored = restoreProject(unpacked.raw, 'short.layerlab', { weights: unpacked.weights });
    expect(restored.project.runs[0]!.hasWeights).toBe(false);
    expect(restored.problems.join('\n')).toMatch(/"run-a".*without weights/);
  });

  it('drops malformed manifests and orphan entries with problems', () => {
    const files = {
      'project.json': strToU8(JSON.stringify(sampleProject())),
      'weights/run-a.json': strToU8('[{"name":"k","shape":[2],"dtype":"int32"}]'),
      'weights/run-a.bin': new Uint8Array(8),
      'weights/orphan.bin': new Uint8Array(4),
    };
    const unpacked = unpackProject(zipSync(files), 'odd.layerlab');
    expect(unpacked.weights.size).toBe(0);
    expect(unpacked.problems.some((p) => p.includes('"run-a"') && p.includes('malformed'))).toBe(true);
    expect(unpacked.problems.some((p) => p.includes('"orphan"'))).toBe(true);
  });

  it('reads a bare JSON document (the pre-release format) with no weights', () => {
    const unpacked = unpackProject(strToU8('\n  {"name":"old","layers":[]}'), 'old.json');
    expect(unpacked.raw).toEqual({ name: 'old', layers: [] });
    expect(unpacked.weights.size).toBe(0);
  });

  describe('damaged files throw ProjectFileError naming the file', () => {
    const valid = packProject(sampleProject(), new Map([['run-a', sampleWeights()]]));
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /empty/],
      ['random bytes', pseudoRandomBytes(4096), /not a LayerLab project file/],
      ['truncated zip', valid.subarray(0, Math.floor(valid.length / 2)), /damaged or truncated/],
      ['zip without project.json', zipSync({ 'readme.txt': strToU8('hi') }), /no project\.json/],
      ['project.json with invalid JSON', zipSync({ 'project.json': strToU8('{"format": "layerlab.project",') }), /project\.json is not valid JSON/],
      ['bare invalid JSON', strToU8('{ nope'), /not valid JSON/],
    ];
    for (const [label, bytes, reason] of cases) {
      it(label, () => {
        const err = caught(() => unpackProject(bytes, '/tmp/broken.layerlab'));
        expect(err).toBeInstanceOf(ProjectFileError);
        const e = err as ProjectFileError;
        expect(e.file).toBe('/tmp/broken.layerlab');
        expect(e.message).toContain('/tmp/broken.layerlab');
        expect(e.reason).toMatch(reason);
      });
    }
  });
});
