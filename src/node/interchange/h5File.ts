import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

type H5Wasm = typeof import('h5wasm/node');
export type H5Group = InstanceType<H5Wasm['Group']>;

let loaded: Promise<H5Wasm> | null = null;

/** h5wasm (HDF5 compiled to WebAssembly) ships as an ES module only, so it is imported, once, when first needed. */
export function loadH5wasm(): Promise<H5Wasm> {
  loaded ??= import('h5wasm/node').then(async (h5) => {
    await h5.ready;
    return h5;
  });
  return loaded;
}

/** `a/b/c` under `parent`, creating the groups that are missing: h5wasm does not create intermediate groups itself. */
export function ensureGroup(parent: H5Group, groupPath: string): H5Group {
  let group = parent;
  for (const part of groupPath.split('/').filter(Boolean)) {
    group = group.keys().includes(part) ? (group.get(part) as H5Group) : group.create_group(part);
  }
  return group;
}

/**
 * Builds an HDF5 file with `fill` and returns its bytes. h5wasm's Node build
 * writes real files, so it writes a private temp file that is read back and
 * removed; the caller then places the bytes atomically.
 */
export async function buildH5(fill: (root: H5Group) => void): Promise<Uint8Array> {
  const h5 = await loadH5wasm();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-h5-'));
  try {
    const file = path.join(dir, 'out.h5');
    const h5file = new h5.File(file, 'w');
    try {
      fill(h5file);
    } finally {
      h5file.close();
    }
    return new Uint8Array(await readFile(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
