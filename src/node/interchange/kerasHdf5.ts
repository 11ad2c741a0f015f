import type { KerasTensor } from '../../engine/interchange/fromKerasWeights';

/**
 * HDF5 reading for Keras files, with h5wasm (HDF5's C library compiled to
 * WebAssembly, so nothing native to build). h5wasm works on files in its own
 * in-memory file system; each read writes the bytes there under a fresh name
 * and removes them afterwards.
 */

export type H5 = typeof import('h5wasm/node').default;
type H5Group = InstanceType<H5['Group']>;
type H5Dataset = InstanceType<H5['Dataset']>;

type H5Files = Awaited<H5['ready']>['FS'];

let loaded: Promise<{ h5: H5; files: H5Files }> | null = null;
/** Loaded on first use: the WebAssembly module is a few MB and most sessions never import. */
async function loadH5(): Promise<{ h5: H5; files: H5Files }> {
  loaded ??= import('h5wasm/node').then(async ({ default: h5 }) => ({ h5, files: (await h5.ready).FS }));
  return loaded;
}

let counter = 0;

/** Opens `bytes` as an HDF5 file for `read`, then frees it. */
export async function withHdf5<T>(bytes: Uint8Array, read: (file: H5Group, h5: H5) => T): Promise<T> {
  const { h5, files } = await loadH5();
  const name = `/keras-import-${process.pid}-${++counter}.h5`;
  files.writeFile(name, bytes);
  const file = new h5.File(name, 'r');
  try {
    return read(file, h5);
  } finally {
    file.close();
    files.unlink(name);
  }
}

/** An attribute as text: Keras writes JSON configs and name lists as (byte) strings. */
export function textAttribute(group: H5Group, name: string): string | null {
  if (!(name in group.attrs)) return null;
  const value = group.attrs[name]!.value;
  return typeof value === 'string' ? value : null;
}

export function stringListAttribute(group: H5Group, name: string): string[] {
  if (!(name in group.attrs)) return [];
  const value = group.attrs[name]!.json_value;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

export function tensorOf(dataset: H5Dataset): KerasTensor {
  const value = dataset.value;
  const values = value instanceof Float32Array ? value : Float32Array.from(value as ArrayLike<number>);
  return { shape: [...(dataset.shape ?? [])], values };
}

export function isDataset(entity: unknown, h5: H5): entity is H5Dataset {
  return entity instanceof h5.Dataset;
}

export function isGroup(entity: unknown, h5: H5): entity is H5Group {
  return entity instanceof h5.Group;
}
