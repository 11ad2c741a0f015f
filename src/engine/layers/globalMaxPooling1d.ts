import { globalPoolingSpec } from './globalPooling';

export const globalMaxPooling1dSpec = globalPoolingSpec(
  'GlobalMaxPooling1D',
  'global_max_pooling1d',
  3,
  'Keeps the largest value of each feature over the steps: (None, steps, features) becomes (None, features).',
);
