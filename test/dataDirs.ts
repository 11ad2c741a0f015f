import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the real datasets are for tests: LAYERLAB_TEST_DATA, or the shared
 * folder beside the repository. Nothing here is ever committed.
 */
export function sharedDatasetsDir(): string {
  return path.resolve(process.env.LAYERLAB_TEST_DATA ?? path.join(__dirname, '..', '..', 'shared', 'datasets'));
}

export function mnistDir(): string {
  return path.join(sharedDatasetsDir(), 'mnist');
}

/** Debian's dataset-fashion-mnist package, or LAYERLAB_FASHION_MNIST. */
export function fashionMnistDir(): string {
  return path.resolve(process.env.LAYERLAB_FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist');
}

export function hasMnist(): boolean {
  return existsSync(path.join(mnistDir(), 'train-images-idx3-ubyte.gz'));
}

export function hasFashionMnist(): boolean {
  return existsSync(path.join(fashionMnistDir(), 'train-images-idx3-ubyte.gz'));
}

/** A file of the shared datasets, e.g. `alice/11-0.txt`. */
export function sharedFile(relative: string): string {
  return path.join(sharedDatasetsDir(), relative);
}

export function hasSharedFile(relative: string): boolean {
  return existsSync(sharedFile(relative));
}
