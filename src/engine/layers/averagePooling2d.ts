import { poolingSpec } from './maxPooling2d';

export const averagePooling2dSpec = poolingSpec(
  'AveragePooling2D',
  'average_pooling2d',
  'Averages each window of an image, shrinking rows and cols (by half with the default 2×2).',
);
