import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanRecent, describeRecent, MAX_RECENT_PROJECTS, SettingsStore, withoutRecent, withRecent } from './settingsStore';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'layerlab-settings-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('recent list logic', () => {
  it('puts a project first, once, and keeps the last 10', () => {
    expect(withRecent(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    expect(withRecent([], '/a')).toEqual(['/a']);
    const twelve = Array.from({ length: 12 }, (_, i) => `/p${i}`);
    const list = twelve.reduce<string[]>((acc, file) => withRecent(acc, file), []);
    expect(list).toHaveLength(MAX_RECENT_PROJECTS);
    expect(list[0]).toBe('/p11');
    expect(list.at(-1)).toBe('/p2');
  });

  it('removes one entry and leaves the order', () => {
    expect(withoutRecent(['/a', '/b', '/c'], '/b')).toEqual(['/a', '/c']);
    expect(withoutRecent(['/a'], '/x')).toEqual(['/a']);
  });

  it('a hand-edited list is cleaned: strings only, no duplicates, at most 10', () => {
    expect(cleanRecent('nope')).toEqual([]);
    expect(cleanRecent(['/a', 3, null, '', '/a', '/b'])).toEqual(['/a', '/b']);
    expect(cleanRecent(Array.from({ length: 15 }, (_, i) => `/p${i}`))).toHaveLength(10);
  });

  it('describes missing files as missing, existing ones with their time', async () => {
    const file = path.join(home, 'model.layerlab');
    await writeFile(file, 'x');
    const [present, missing, folder] = await describeRecent([file, path.join(home, 'gone.layerlab'), home]);
    expect(present).toMatchObject({ path: file, name: 'model', exists: true });
    expect(Number.isNaN(Date.parse(present!.modifiedAt!))).toBe(false);
    expect(missing).toEqual({ path: path.join(home, 'gone.layerlab'), name: 'gone', exists: false, modifiedAt: null });
    expect(folder?.exists).toBe(false);
  });
});

describe('SettingsStore recent projects', () => {
  it('are kept in settings.json, and survive settings updates', async () => {
    const store = new SettingsStore(home);
    expect(await store.recentProjects()).toEqual([]);
    await store.addRecentProject('/a.layerlab');
    await store.addRecentProject('/b.layerlab');
    await store.update({ dataDirs: ['/data'] });
    expect(await store.recentProjects()).toEqual(['/b.layerlab', '/a.layerlab']);
    expect((await store.get()).dataDirs).toEqual(['/data']);
    const raw = JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'));
    expect(raw.recentProjects).toEqual(['/b.layerlab', '/a.layerlab']);
    // A fresh store (a restart) reads the same list.
    expect(await new SettingsStore(home).recentProjects()).toEqual(['/b.layerlab', '/a.layerlab']);
    expect(await store.removeRecentProject('/b.layerlab')).toEqual(['/a.layerlab']);
  });

  it('concurrent changes are not lost to each other', async () => {
    const store = new SettingsStore(home);
    await Promise.all([
      store.addRecentProject('/1'),
      store.addRecentProject('/2'),
      store.update({ dataDirs: ['/d'] }),
      store.addRecentProject('/3'),
    ]);
    expect((await store.recentProjects()).sort()).toEqual(['/1', '/2', '/3']);
    expect((await store.get()).dataDirs).toEqual(['/d']);
  });

  it('a damaged settings file gives defaults and an empty list', async () => {
    await writeFile(path.join(home, 'settings.json'), '{ not json');
    const store = new SettingsStore(home);
    expect(await store.recentProjects()).toEqual([]);
    expect((await store.get()).projectsDir).toBe(path.join(home, 'projects'));
    expect(await store.addRecentProject('/x')).toEqual(['/x']);
  });
});
