/**
 * The datasets LayerLab can train on: where to download them, how to check them,
 * and what shape their samples have. Pure data, shared by every process.
 */
export interface DatasetFile {
  /** File name, as published and as looked up in a data directory. */
  name: string;
  bytes: number;
  /** Lower-case hex digests; at least one is checked after download. */
  sha256?: string;
  md5?: string;
}

export type DatasetSplit = 'train' | 'test';

export interface ImageDatasetSpec {
  id: string;
  title: string;
  /** Sub-directory name looked for inside each data directory. */
  folder: string;
  /** Mirrors tried in order; a file's URL is `${mirror}${file.name}`. */
  mirrors: readonly string[];
  files: Record<`${DatasetSplit}Images` | `${DatasetSplit}Labels`, DatasetFile>;
  imageShape: readonly [rows: number, cols: number, channels: number];
  classNames: readonly string[];
  citation: string;
}

export const MNIST: ImageDatasetSpec = {
  id: 'mnist',
  title: 'MNIST handwritten digits',
  folder: 'mnist',
  mirrors: [
    'https://storage.googleapis.com/cvdf-datasets/mnist/',
    'https://ossci-datasets.s3.amazonaws.com/mnist/',
  ],
  files: {
    trainImages: {
      name: 'train-images-idx3-ubyte.gz',
      bytes: 9_912_422,
      sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
    },
    trainLabels: {
      name: 'train-labels-idx1-ubyte.gz',
      bytes: 28_881,
      sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
      md5: 'd53e105ee54ea40749a09fcbcd1e9432',
    },
    testImages: {
      name: 't10k-images-idx3-ubyte.gz',
      bytes: 1_648_877,
      sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
      md5: '9fb629c4189551a2d022fa330f9573f3',
    },
    testLabels: {
      name: 't10k-labels-idx1-ubyte.gz',
      bytes: 4_542,
      sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
      md5: 'ec29112dd5afa0611ce80d1b7f02629c',
    },
  },
  imageShape: [28, 28, 1],
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  citation: 'Y. LeCun, C. Cortes, C. J. C. Burges, The MNIST database of handwritten digits.',
};

// FASHION_MNIST is filled in by the datasets work (checksums verified against the Debian package).

export const DATASETS: readonly ImageDatasetSpec[] = [MNIST];

export function findDataset(id: string): ImageDatasetSpec | undefined {
  return DATASETS.find((d) => d.id === id);
}
