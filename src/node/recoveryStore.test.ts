import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleProject } from '../../test/fixtures/projects';
import { ApiError, methods } from '../shared/contract';
import { createBackend } from './backend';
import { RECOVERY_MAX_AGE_MS, RecoveryStore } from './recoveryStore';
import { SettingsStore } from './settingsStore';

let root: string;
let store: RecoveryStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerlab-recovery-'));
  store = new RecoveryStore(path.join(root, 'recovery'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('RecoveryStore', () => {
  it('reads back what was written, with the time and the file it belongs to', async () => {
    const project = sampleProject();
    const at = new Date('2026-12-01T14:05:00.000Z');
    expect(await store.write('client-1', project, '/p/model.layerlab', at)).toEqual({ savedAt: at.toISOString() });
    const read = await store.read('client-1');
    expect(read).toEqual({ savedAt: at.toISOString(), filePath: '/p/model.layerlab', project });
  });

  it('has nothing for a slot never written, and slots do not see each other', async () => {
    expect(await store.read('nobody')).toBeNull();
    await store.write('a', sampleProject(), null);
    expect(await store.read('b')).toBeNull();
    expect((await store.read('a'))?.filePath).toBeNull();
  });

  it('a newer autosave replaces the older one, atomically (no temp file left behind)', async () => {
    const first = sampleProject();
    const second = { ...sampleProject(), name: 'renamed' };
    await store.write('a', first, null);
    await store.write('a', second, null);
    expect((await store.read('a'))?.project.name).toBe('renamed');
    expect(await readdir(store.dir)).toEqual(['a.json']);
  });

  it('clear removes it (true), and clearing again is harmless (false)', async () => {
    await store.write('a', sampleProject(), null);
    expect(await store.clear('a')).toBe(true);
    expect(await store.read('a')).toBeNull();
    expect(await store.clear('a')).toBe(false);
  });

  it('a damaged or foreign recovery file reads as none instead of failing the start', async () => {
    await store.write('a', sampleProject(), null);
    await writeFile(path.join(store.dir, 'a.json'), '{"savedAt": "x", "proj');
    expect(await store.read('a')).toBeNull();
    await writeFile(path.join(store.dir, 'a.json'), JSON.stringify({ savedAt: 'x', filePath: null, project: { name: 'not a project' } }));
    expect(await store.read('a')).toBeNull();
  });

  it('refuses slot names that could leave the recovery folder', async () => {
    for (const slot of ['../settings', 'a/b', '', 'x'.repeat(65), 'a.json']) {
      await expect(store.write(slot, sampleProject(), null)).rejects.toBeInstanceOf(ApiError);
      await expect(store.read(slot)).rejects.toBeInstanceOf(ApiError);
      await expect(store.clear(slot)).rejects.toBeInstanceOf(ApiError);
    }
    expect(methods['recovery.read'].input.safeParse({ slot: '../x' }).success).toBe(false);
  });

  it('writing prunes other slots untouched for a month, not recent ones', async () => {
    await store.write('old', sampleProject(), null);
    await store.write('recent', sampleProject(), null);
    const longAgo = new Date(Date.now() - RECOVERY_MAX_AGE_MS - 60_000);
    await utimes(path.join(store.dir, 'old.json'), longAgo, longAgo);
    await store.write('mine', sampleProject(), null);
    expect((await readdir(store.dir)).sort()).toEqual(['mine.json', 'recent.json']);
  });
});

describe('recovery and recent methods of the backend', () => {
  it('write, read and clear through the handlers, under <home>/recovery', async () => {
    const home = path.join(root, 'home');
    const { handlers } = createBackend({
      host: 'web',
      appVersion: 'test',
      trainer: { modulePath: '/nonexistent' },
      emit: () => undefined,
      settings: new SettingsStore(home),
    });
    const project = sampleProject();
    const input = methods['recovery.write'].input.parse({ slot: 's1', filePath: null, project });
    const { savedAt } = await handlers['recovery.write'](input);
    expect(JSON.parse(await readFile(path.join(home, 'recovery', 's1.json'), 'utf8')).savedAt).toBe(savedAt);
    expect((await handlers['recovery.read']({ slot: 's1' })).recovery?.project).toEqual(project);
    expect(await handlers['recovery.clear']({ slot: 's1' })).toEqual({ cleared: true });
    expect(await handlers['recovery.read']({ slot: 's1' })).toEqual({ recovery: null });

    const file = path.join(root, 'p.layerlab');
    await writeFile(file, 'x');
    const added = await handlers['recent.add']({ path: file });
    expect(added.projects).toEqual([expect.objectContaining({ path: file, name: 'p', exists: true })]);
    await rm(file);
    expect((await handlers['recent.list']({})).projects).toEqual([{ path: file, name: 'p', exists: false, modifiedAt: null }]);
    expect((await handlers['recent.remove']({ path: file })).projects).toEqual([]);
  });
});
