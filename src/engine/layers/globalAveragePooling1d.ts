import { globalPoolingSpec } from './globalPooling';

export const globalAveragePooling1dSpec = globalPoolingSpec(
  'GlobalAveragePooling1D',
  'global_average_pooling1d',
  3,
  "Averages over the steps of a sequence: (None, steps, features) becomes (None, features). This is the seed's Lambda(lambda x: K.mean(x, axis=1)).",
);
