import { TEXT_DATASETS, type TextDatasetSpec } from './textDatasets';

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
  /** Full download URLs tried in order; without them the spec's mirrors are used. */
  urls?: readonly string[];
  /** Other names the same content goes by in a data directory (e.g. a re-packed archive). */
  aliases?: readonly string[];
}

export type DatasetSplit = 'train' | 'test';
export type DataType = 'float32' | 'int32';

/** One kind of value a sample feeds into the model: an image, a review's word ids, … */
export interface DataField {
  name: string;
  /** Per sample, batch excluded. */
  shape: readonly number[];
  dtype: DataType;
  description: string;
  /** Word ids: how many distinct ids occur (an Embedding's input_dim must be at least this). */
  vocabulary?: number;
}

/**
 * `one-hot`: one probability row per sample (softmax over classes);
 * `sparse`: one class id per sample, for vocabularies too large to one-hot;
 * `binary`: one 0/1 label per sample (sigmoid);
 * `values`: real numbers to reproduce, such as an autoencoder's own input image.
 */
export type TargetEncoding = 'one-hot' | 'sparse' | 'binary' | 'values';

/** What a model output can learn to predict. */
export interface DataTarget {
  name: string;
  /** The shape the model's output must have, batch excluded (classes for one-hot and sparse). */
  shape: readonly number[];
  encoding: TargetEncoding;
  description: string;
}

export interface DatasetBase {
  id: string;
  title: string;
  /** Sub-directory name looked for inside each data directory. */
  folder: string;
  /** Mirrors tried in order for files without their own URLs; a file's URL is `${mirror}${file.name}`. */
  mirrors: readonly string[];
  /** In the order Input layers are matched to them. */
  inputs: readonly DataField[];
  targets: readonly DataTarget[];
  citation: string;
  /**
   * Samples per split with the dataset's default options (the whole file, or
   * the tutorial's number of corpus lines), for estimates before anything is loaded.
   */
  samples: { train: number; test: number };
}

interface ImageDatasetCommon extends DatasetBase {
  kind: 'image';
  /** Channels last (HWC), as every image in the app is. */
  imageShape: readonly [rows: number, cols: number, channels: number];
  classNames: readonly string[];
}

/** The MNIST family: per split, one gzipped IDX file of images and one of labels. */
export interface IdxImageDatasetSpec extends ImageDatasetCommon {
  /** Absent means `'idx'`, the format LayerLab read first. */
  format?: 'idx';
  files: Record<`${DatasetSplit}Images` | `${DatasetSplit}Labels`, DatasetFile>;
}

/**
 * CIFAR's binary version: batch files of fixed-size records, each one label
 * byte then the image as channel planes (all R, then G, then B, each row-major).
 * The batches are read extracted, or straight out of the archive they are
 * published in, which is the only file ever downloaded.
 */
export interface CifarImageDatasetSpec extends ImageDatasetCommon {
  format: 'cifar-binary';
  files: {
    /** Training batches in order; whichever of them exist are read. */
    train: readonly DatasetFile[];
    test: DatasetFile;
    archive: DatasetFile;
  };
  /** The folder inside the archive that holds the batch files. */
  archiveFolder: string;
}

export type ImageDatasetSpec = IdxImageDatasetSpec | CifarImageDatasetSpec;

function imageFields(shape: readonly [number, number, number], classes: number, what: string) {
  return {
    inputs: [{ name: 'image', shape, dtype: 'float32', description: `${what}, pixels scaled to [0, 1]` }] as const,
    targets: [
      { name: 'label', shape: [classes], encoding: 'one-hot', description: `one of ${classes} classes` },
      // The tutorial's autoencoder learns `fit(X_train, X_train)`: the image is its own target.
      { name: 'image', shape, encoding: 'values', description: `the ${what.split(',')[0]} itself, pixels in [0, 1], flat or as a grid` },
    ] as const,
  };
}

export const MNIST: IdxImageDatasetSpec = {
  kind: 'image',
  ...imageFields([28, 28, 1], 10, '28×28 grey digit'),
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
  samples: { train: 60_000, test: 10_000 },
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  citation: 'Y. LeCun, C. Cortes, C. J. C. Burges, The MNIST database of handwritten digits.',
};

/**
 * Sizes and digests are those of the files on the mirrors (md5s as in torchvision).
 * Debian's dataset-fashion-mnist ships the same deflate streams with the gzip
 * header normalised (file name dropped, mtime set to 2020-06-05), so its files
 * are 23-24 bytes smaller and hash differently (train-images: 26,421,856 bytes,
 * sha256 b0564c3e…). Putting back the name and the original mtime (2017-08-31
 * 10:50:06Z for train, 10:50:27Z for t10k) reproduces these digests exactly.
 * Such copies are read from a data directory, which is not hash-checked; gzip's
 * CRC still guards their contents.
 */
export const FASHION_MNIST: IdxImageDatasetSpec = {
  kind: 'image',
  ...imageFields([28, 28, 1], 10, '28×28 grey clothing photo'),
  id: 'fashion-mnist',
  title: 'Fashion-MNIST clothing images',
  folder: 'fashion-mnist',
  mirrors: [
    // An S3 website endpoint: it serves plain HTTP only; the sha256 check is what protects the bytes.
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
  ],
  files: {
    trainImages: {
      name: 'train-images-idx3-ubyte.gz',
      bytes: 26_421_880,
      sha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
      md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    },
    trainLabels: {
      name: 'train-labels-idx1-ubyte.gz',
      bytes: 29_515,
      sha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
      md5: '25c81989df183df01b3e8a0aad5dffbe',
    },
    testImages: {
      name: 't10k-images-idx3-ubyte.gz',
      bytes: 4_422_102,
      sha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
      md5: 'bef4ecab320f06d8554ea6380940ec79',
    },
    testLabels: {
      name: 't10k-labels-idx1-ubyte.gz',
      bytes: 5_148,
      sha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
      md5: 'bb300cfdad3c16e7a12a480ee83cd310',
    },
  },
  imageShape: [28, 28, 1],
  samples: { train: 60_000, test: 10_000 },
  classNames: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Bag',
    'Sneaker',
    'Ankle boot',
  ],
  citation:
    'H. Xiao, K. Rasul, R. Vollgraf, Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms, arXiv:1708.07747, 2017.',
};

const CIFAR10_RECORDS_PER_BATCH = 10_000;
const CIFAR10_BATCH_BYTES = CIFAR10_RECORDS_PER_BATCH * (1 + 32 * 32 * 3);

/** A batch file as extracted from the archive, directly in a data dir or in the archive's folder. */
function cifarBatch(name: string, aliases: readonly string[] = []): DatasetFile {
  return { name, bytes: CIFAR10_BATCH_BYTES, aliases: [`cifar-10-batches-bin/${name}`, ...aliases] };
}

/**
 * The binary version of CIFAR-10 (Keras' `cifar10.load_data()` reads the
 * python pickles of the same data). The tutorial's Theano ordering
 * (3, 32, 32) is this data channels first; the app keeps it channels last.
 */
export const CIFAR10: CifarImageDatasetSpec = {
  kind: 'image',
  format: 'cifar-binary',
  ...imageFields([32, 32, 3], 10, '32×32 colour photo'),
  id: 'cifar10',
  title: 'CIFAR-10 tiny colour images',
  folder: 'cifar10',
  mirrors: [],
  files: {
    train: [
      // The shared test data's 200-record prefix of batch 1 reads as a (short) batch 1.
      cifarBatch('data_batch_1.bin', ['cifar10_train_first200.bin']),
      cifarBatch('data_batch_2.bin'),
      cifarBatch('data_batch_3.bin'),
      cifarBatch('data_batch_4.bin'),
      cifarBatch('data_batch_5.bin'),
    ],
    test: cifarBatch('test_batch.bin'),
    archive: {
      name: 'cifar-10-binary.tar.gz',
      bytes: 170_052_171,
      // As published on https://www.cs.toronto.edu/~kriz/cifar.html.
      md5: 'c32a1d4ab5d03f1284b67883e8d87530',
      urls: ['https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz'],
    },
  },
  archiveFolder: 'cifar-10-batches-bin',
  imageShape: [32, 32, 3],
  samples: { train: 50_000, test: 10_000 },
  classNames: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
  citation: 'A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, Technical Report, University of Toronto, 2009.',
};

export const DATASETS: readonly DatasetSpec[] = [MNIST, FASHION_MNIST, CIFAR10, ...TEXT_DATASETS];

export function findDataset(id: string): DatasetSpec | undefined {
  return DATASETS.find((d) => d.id === id);
}

export function findImageDataset(id: string): ImageDatasetSpec | undefined {
  const spec = findDataset(id);
  return spec?.kind === 'image' ? spec : undefined;
}

export type DatasetSpec = ImageDatasetSpec | TextDatasetSpec;
export type { TextDatasetSpec, TextCorpus, TextTask } from './textDatasets';
