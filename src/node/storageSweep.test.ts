import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleProject, sampleWeights } from '../../test/fixtures/projects';
import { createBackend } from './backend';
import { saveProjectFile } from './projectStore';
import { RecoveryStore } from './recoveryStore';
import { SettingsStore } from './settingsStore';
import { collectUnusedWeights, describeHousekeeping, sweepTempFiles, WEIGHTS_GRACE_MS } from './storageSweep';
import { WeightsStore } from './weightsStore';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerlab-sweep-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;

async function age(file: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await utimes(file, then, then);
}

async function storeWeights(store: WeightsStore, dir: string, runId: string, ageMs: number): Promise<void> {
  await store.write(runId, sampleWeights());
  for (const ext of ['json', 'bin']) await age(path.join(dir, `${runId}.${ext}`), ageMs);
}

describe('sweepTempFiles', () => {
  it("removes old temp files of killed saves, keeps young ones, other files, links and folders", async () => {
    const dir = path.join(root, 'projects');
    await mkdir(dir);
    const stale = path.join(dir, '.model.layerlab.0123456789ab.tmp');
    const fresh = path.join(dir, '.model.layerlab.ba9876543210.tmp');
    const other = path.join(dir, 'notes.tmp');
    const folder = path.join(dir, '.x.aaaaaaaaaaaa.tmp');
    const link = path.join(dir, '.y.bbbbbbbbbbbb.tmp');
    await writeFile(stale, 'half a save');
    await writeFile(fresh, 'a save in progress');
    await writeFile(other, 'not ours');
    await mkdir(folder);
    await symlink(other, link);
    await age(stale, 11 * 60_000);
    await age(other, DAY);

    const removed = await sweepTempFiles([dir, path.join(root, 'missing')]);
    expect(removed).toEqual([stale]);
    expect((await readdir(dir)).sort()).toEqual(['.model.layerlab.ba9876543210.tmp', '.x.aaaaaaaaaaaa.tmp', '.y.bbbbbbbbbbbb.tmp', 'notes.tmp']);
  });
});

describe('collectUnusedWeights', () => {
  it('deletes only old weights that no project, recovery file, recent project or open run refers to', async () => {
    const weightsDir = path.join(root, 'weights');
    const projectsDir = path.join(root, 'projects');
    const recoveryDir = path.join(root, 'recovery');
    const elsewhere = path.join(root, 'elsewhere');
    const store = new WeightsStore(weightsDir);
    for (const id of ['run-a', 'in-recovery', 'in-recent', 'training-now', 'orphan-1', 'orphan-2']) {
      await storeWeights(store, weightsDir, id, 2 * DAY);
    }
    await storeWeights(store, weightsDir, 'young', 60_000);

    // sampleProject's runs are run-a (with weights) and run_b.
    await saveProjectFile(path.join(projectsDir, 'sample.layerlab'), sampleProject(), store);
    const recovery = new RecoveryStore(recoveryDir);
    const unsaved = sampleProject();
    unsaved.runs[0]!.id = 'in-recovery';
    await recovery.write('client-1', unsaved, null);
    const recent = sampleProject();
    recent.runs[0]!.id = 'in-recent';
    const recentFile = (await saveProjectFile(path.join(elsewhere, 'recent.layerlab'), recent, store)).path;
    // A damaged file in the projects folder refers to nothing and does not stop the collection.
    await writeFile(path.join(projectsDir, 'damaged.layerlab'), 'PK\u0003\u0004 not really a zip');

    const result = await collectUnusedWeights({
      weightsDir,
      projectDirs: [projectsDir, recoveryDir],
      projectFiles: [recentFile],
      inUse: ['training-now'],
    });
    expect(result.skipped).toBeNull();
    expect(result.collected.sort()).toEqual(['orphan-1', 'orphan-2']);
    expect(result.kept.sort()).toEqual(['in-recent', 'in-recovery', 'run-a', 'training-now', 'young']);
    expect((await readdir(weightsDir)).filter((n) => n.startsWith('orphan'))).toEqual([]);
    for (const id of result.kept) expect(store.has(id)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('never opens a FIFO named like a project (it would block): it is refused unread and refers to nothing', async () => {
    const weightsDir = path.join(root, 'weights');
    const projectsDir = path.join(root, 'projects');
    const store = new WeightsStore(weightsDir);
    await storeWeights(store, weightsDir, 'orphan', 2 * DAY);
    await mkdir(projectsDir);
    execFileSync('mkfifo', [path.join(projectsDir, 'pipe.layerlab')]);
    const result = await collectUnusedWeights({ weightsDir, projectDirs: [projectsDir] });
    expect(result.collected).toEqual(['orphan']);
  });

  it('keeps everything within the grace period', async () => {
    const weightsDir = path.join(root, 'weights');
    const store = new WeightsStore(weightsDir);
    await storeWeights(store, weightsDir, 'orphan', WEIGHTS_GRACE_MS - 60_000);
    const result = await collectUnusedWeights({ weightsDir, projectDirs: [] });
    expect(result.collected).toEqual([]);
    expect(result.kept).toEqual(['orphan']);
  });
});

describe('backend start-up housekeeping', () => {
  it('sweeps temp files in the projects folder and collects orphaned weights, keeping saved runs', async () => {
    const home = path.join(root, 'home');
    const settings = new SettingsStore(home);
    const { projectsDir } = await settings.get();
    const { weightsDir } = await settings.datasetDirs();
    const store = new WeightsStore(weightsDir);
    await storeWeights(store, weightsDir, 'run-a', 2 * DAY);
    await storeWeights(store, weightsDir, 'orphan', 2 * DAY);
    await saveProjectFile(path.join(projectsDir, 'kept.layerlab'), sampleProject(), store);
    const stale = path.join(projectsDir, '.kept.layerlab.0123456789ab.tmp');
    await writeFile(stale, 'killed mid-save');
    await age(stale, DAY);

    const backend = createBackend({ host: 'web', appVersion: 'test', trainer: { modulePath: '/nonexistent' }, emit: () => undefined, settings });
    const report = await backend.housekeeping;
    expect(report.error).toBeNull();
    expect(report.sweptTemp).toEqual([stale]);
    expect(report.weights?.collected).toEqual(['orphan']);
    expect(store.has('run-a')).toBe(true);
    expect(store.has('orphan')).toBe(false);
    expect(describeHousekeeping(report)).toBe(
      'Storage: removed 1 temp file(s) left by interrupted saves; deleted the stored weights of 1 run(s) that no project refers to',
    );
  });
});
