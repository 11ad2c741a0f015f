import path from 'node:path';
import type { TrainRequest } from '../src/shared/trainerProtocol';

const benchDir = __dirname;
const repoRoot = path.resolve(benchDir, '..');

/**
 * Where the bench's runs read data: LAYERLAB_DATA_DIR (':'-separated), else
 * bench/.cache/datasets (CIFAR-10 as scripts/cifar-from-jpeg.mjs converts it:
 * first, so its data_batch_1.bin wins over the shared 200-image file that is
 * an alias of it), the shared datasets and Debian's.
 */
export function datasetDirs(weightsDir: string): TrainRequest['dirs'] {
  const fromEnv = process.env.LAYERLAB_DATA_DIR?.split(':').filter(Boolean);
  const dataDirs = fromEnv?.length
    ? fromEnv
    : [path.join(benchDir, '.cache', 'datasets'), path.join(repoRoot, '..', 'shared', 'datasets'), '/usr/share/datasets'];
  return { dataDirs, cacheDir: path.join(benchDir, '.cache', 'home'), weightsDir };
}
