/** Dataset files in Node: find, download, verify and parse them. No tfjs, no Electron. */
export { DatasetFileError, parseIdx, type IdxArray } from './idx';
export {
  cachePath,
  candidatePaths,
  datasetStatus,
  downloadableFiles,
  locateDatasetFile,
  searchedDirectories,
  type DatasetDirs,
  type DatasetFileSource,
  type LocatedFile,
} from './locate';
export {
  downloadDatasetFile,
  ensureDataset,
  missingFileError,
  type DatasetProgressListener,
  type DownloadOptions,
  type EnsureOptions,
  type FetchImpl,
} from './download';
export { clearDatasetCache, loadImageDataset, type ImageDataset, type LoadOptions } from './load';
export { previewSamples } from './preview';
export { parseCifarBatch, type CifarRecords } from './cifar';
