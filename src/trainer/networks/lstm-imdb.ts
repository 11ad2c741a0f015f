import { imdbClassifier } from './imdb';
import { kerasLstm } from './keras';

/**
 * Embedding → LSTM(128) → Dropout(0.5) → Dense(1, sigmoid).
 * Params: 2,560,000 + LSTM 4·(128·128 + 128·128 + 128) = 131,584 + 129 = 2,691,713.
 */
export const lstmImdb = imdbClassifier({
  id: 'lstm-imdb',
  title: 'LSTM on IMDB',
  detail: 'the cell\'s `model.add(LSTM(128))` option',
  recurrent: (tf) => [kerasLstm(tf, { units: 128 })],
});
