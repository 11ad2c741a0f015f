import { imdbClassifier } from './imdb';
import { kerasGru } from './keras';

/**
 * Embedding → GRU(128) → Dropout(0.5) → Dense(1, sigmoid).
 * Params: 20,000·128 = 2,560,000; GRU 3·(128·128 + 128·128 + 128) = 98,688; Dense 129: 2,658,817.
 */
export const gruImdb = imdbClassifier({
  id: 'gru-imdb',
  title: 'GRU on IMDB',
  detail: 'the cell\'s `model.add(GRU(128))` option',
  recurrent: (tf) => [kerasGru(tf, { units: 128 })],
});
