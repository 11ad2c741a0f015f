import { globalPoolingSpec } from './globalPooling';

export const globalMaxPooling2dSpec = globalPoolingSpec(
  'GlobalMaxPooling2D',
  'global_max_pooling2d',
  4,
  'Keeps the largest value of each channel over the whole image: (None, rows, cols, channels) becomes (None, channels).',
);
