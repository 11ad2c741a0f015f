import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFuses, fuseConfig, readFuses } from '../../scripts/electron-fuses.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DISABLE = 0x30;
const ENABLE = 0x31;

describe('Electron fuses (scripts/electron-fuses.mjs)', () => {
  it('turns off every way to run the binary as something else, on everything that checks the app', () => {
    const config = fuseConfig('linux');
    expect(config.version).toBe(FuseVersion.V1);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(config.strictlyRequireAllFuses).toBe(true);
  });

  it('sets every fuse @electron/fuses knows explicitly', () => {
    const config = fuseConfig('linux') as unknown as Record<number, unknown>;
    const fuses = Object.values(FuseV1Options).filter((value): value is number => typeof value === 'number');
    expect(fuses.length).toBeGreaterThanOrEqual(8);
    for (const fuse of fuses) expect(typeof config[fuse], FuseV1Options[fuse]).toBe('boolean');
  });

  it('re-signs ad hoc only on macOS', () => {
    expect(fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('linux').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('win32').resetAdHocDarwinSignature).toBe(false);
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-fuses-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("flips the wire of a binary laid out like Electron's (Electron's defaults in, LayerLab's out)", async () => {
    // An unfused wire: RunAsNode, NODE_OPTIONS and --inspect on, cookie encryption and asar checks off, file:// privileged.
    const defaults = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
    const binary = path.join(dir, 'electron');
    writeFileSync(binary, Buffer.concat([Buffer.from('\x7fELF...padding...'), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.from('...rest')]));

    expect(await applyFuses(binary, 'linux')).toBe(1);
    expect(await readFuses(binary)).toEqual({
      RunAsNode: 'disabled',
      EnableCookieEncryption: 'enabled',
      EnableNodeOptionsEnvironmentVariable: 'disabled',
      EnableNodeCliInspectArguments: 'disabled',
      EnableEmbeddedAsarIntegrityValidation: 'enabled',
      OnlyLoadAppFromAsar: 'enabled',
      LoadBrowserProcessSpecificV8Snapshot: 'disabled',
      GrantFileProtocolExtraPrivileges: 'disabled',
    });
    expect(readFileSync(binary).subarray(-7).toString()).toBe('...rest');
  });

  it('refuses a binary without a fuse wire', async () => {
    const binary = path.join(dir, 'not-electron');
    writeFileSync(binary, 'no sentinel here');
    await expect(applyFuses(binary, 'linux')).rejects.toThrow(/sentinel/);
  });
});
