// Flips Electron's fuses in a packaged LayerLab app: options compiled into the Electron binary
// that no command-line flag or environment variable can turn back on.
//
// Usage (packaging step, after the app is copied into the Electron distribution, before signing):
//   node scripts/electron-fuses.mjs <path to the packaged Electron executable, or the .app on macOS>
//   node scripts/electron-fuses.mjs --print <path>    # show the fuse wire a binary has now
//
// Never run it on node_modules/electron/dist: `npm start` / `npm run dev` load the app from a
// folder and fork the trainer with ELECTRON_RUN_AS_NODE, which these fuses forbid.
// See docs/electron-security.md for the whole packaging sequence.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/** The fuse settings LayerLab ships with; every fuse of wire V1 is set explicitly. */
export function fuseConfig(platform = process.platform) {
  return {
    version: FuseVersion.V1,
    // The binary cannot be used as a plain Node (ELECTRON_RUN_AS_NODE); the trainer runs as a utility process.
    [FuseV1Options.RunAsNode]: false,
    // Cookies and other network state on disk are encrypted with the OS keychain.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS cannot inject code or flags into the app.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect and friends are ignored: no debugger can be attached to the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar is checked against the hash embedded at packaging (macOS, Windows).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // Only app.asar is loaded, never a loose app folder dropped next to it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The UI is served from app://, so file:// pages need no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // A wire that grows in a future Electron fails loudly instead of keeping unknown defaults.
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature of arm64 macOS builds; re-sign ad hoc (real signing comes after).
    resetAdHocDarwinSignature: platform === 'darwin',
  };
}

/** Applies fuseConfig() to the Electron binary at `electronPath`; resolves to the number of fuse wires flipped. */
export function applyFuses(electronPath, platform = process.platform) {
  return flipFuses(electronPath, fuseConfig(platform));
}

/** The binary's fuses by name: 'enabled', 'disabled', 'removed' or 'inherit'. */
export async function readFuses(electronPath) {
  const wire = await getCurrentFuseWire(electronPath);
  const states = { 48: 'disabled', 49: 'enabled', 114: 'removed', 144: 'inherit' };
  const named = {};
  for (const [key, value] of Object.entries(wire)) {
    if (key === 'version') continue;
    named[FuseV1Options[Number(key)] ?? `fuse ${key}`] = states[value] ?? `unknown (${value})`;
  }
  return named;
}

function usage() {
  console.error('Usage: node scripts/electron-fuses.mjs [--print] <packaged Electron executable or .app>');
  process.exit(2);
}

async function main(args) {
  const print = args[0] === '--print';
  const target = print ? args[1] : args[0];
  if (!target || target.startsWith('-') || args.length > (print ? 2 : 1)) usage();
  if (!print) {
    const flipped = await applyFuses(path.resolve(target));
    console.log(`Fuses set on ${target} (${flipped} fuse wire${flipped === 1 ? '' : 's'}).`);
  }
  for (const [name, state] of Object.entries(await readFuses(path.resolve(target)))) console.log(`  ${name}: ${state}`);
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
