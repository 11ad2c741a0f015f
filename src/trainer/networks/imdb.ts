/**
 * The seed's IMDB sentiment classifiers (the RNN notebook's "Hands on RNN"
 * cell, which swaps the recurrent layer between SimpleRNN, GRU and LSTM):
 *
 *   Embedding(20000, 128, input_length=maxlen) → <recurrent layer(s), 128 units> →
 *   Dropout(0.5) → Dense(1) → sigmoid
 *
 * Adam, binary cross-entropy, accuracy, batch 32. The vocabulary is the top
 * 20,000 words (`imdb.load_data(num_words=20000)`); reviews are cut or padded
 * to 140 words, the length issue #3 fixes (the notebook itself uses 100).
 */
import type * as TF from '@tensorflow/tfjs';
import { imdbTrain, sampleCount } from './data';
import { kerasDense, kerasEmbedding, kerasOptimizers } from './keras';
import type { NetworkDefinition, Tf } from './types';

export const IMDB_NUM_WORDS = 20_000;
export const IMDB_MAXLEN = 140;
export const IMDB_EMBEDDING = 128;

export const IMDB_SOURCE =
  'leriomaggio/deep-learning-keras-tensorflow, "7. Recurrent Neural Networks/7.1 RNN and LSTM.ipynb" (also "8. RNN and LSTM.ipynb"): IMDB data preparation and "Hands on RNN" cell';

export interface ImdbVariant {
  id: string;
  title: string;
  /** Where the recurrent part comes from, appended to the shared source. */
  detail: string;
  recurrent(tf: Tf): TF.layers.Layer[];
}

export function imdbClassifier(variant: ImdbVariant): NetworkDefinition {
  return {
    id: variant.id,
    title: variant.title,
    seedBatchSize: 32,
    source: `${IMDB_SOURCE}; ${variant.detail}`,
    targets: 'dense',
    build(tf) {
      const model = tf.sequential({
        name: variant.id.replace(/-/g, '_'),
        layers: [
          kerasEmbedding(tf, { inputDim: IMDB_NUM_WORDS, outputDim: IMDB_EMBEDDING, inputLength: IMDB_MAXLEN, inputShape: [IMDB_MAXLEN] }),
          ...variant.recurrent(tf),
          tf.layers.dropout({ rate: 0.5 }),
          kerasDense(tf, { units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: kerasOptimizers.adam(tf), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      return model;
    },
    async loadData(tf, dataDir, options) {
      const reviews = await imdbTrain(dataDir, { numWords: IMDB_NUM_WORDS, maxlen: IMDB_MAXLEN });
      const n = sampleCount(reviews.count, options);
      return {
        xs: tf.tensor2d(reviews.ids.subarray(0, n * IMDB_MAXLEN), [n, IMDB_MAXLEN], 'int32'),
        ys: tf.tensor2d(reviews.labels.subarray(0, n), [n, 1]),
        samples: n,
      };
    },
  };
}
