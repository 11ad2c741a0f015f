import type * as TF from '@tensorflow/tfjs';
import { seededRandom, skipgrams } from '../../node/textData';
import { ALICE_VOCAB, WORD2VEC_SOURCE } from './alice';
import { aliceText, sampleCount } from './data';
import { kerasDense, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

export const SKIPGRAM_EMBEDDING = 300;
/** Keras' `skipgrams` defaults, which the seed uses: window 4, one negative per positive. */
export const SKIPGRAM_WINDOW = 4;

/**
 * Skip-gram word2vec with negative sampling on Alice: a word model and a
 * context model, each Embedding(5000, 300, glorot_uniform, input_length=1) →
 * Reshape((300,)), merged by a dot product → Dense(1, sigmoid,
 * glorot_uniform); mean squared error, Adam. Pairs come from Keras'
 * `skipgrams` (positives within the window, as many random negatives).
 * Batch 32: the seed sets none, and 32 is Keras' default.
 *
 * Params: 2·5,000·300 = 3,000,000 and Dense 1·1+1 = 2: 3,000,002.
 */
export const skipgramAlice: NetworkDefinition = {
  id: 'skipgram-alice',
  title: 'Skip-gram word embeddings on Alice',
  seedBatchSize: 32,
  source: WORD2VEC_SOURCE,
  targets: 'dense',
  build(tf) {
    const branch = (name: string) => {
      const input = tf.input({ shape: [1], name, dtype: 'int32' });
      const embedded = tf.layers
        .embedding({ inputDim: ALICE_VOCAB, outputDim: SKIPGRAM_EMBEDDING, embeddingsInitializer: 'glorotUniform', inputLength: 1, name: `${name}_embedding` })
        .apply(input) as TF.SymbolicTensor;
      return { input, vector: tf.layers.reshape({ targetShape: [SKIPGRAM_EMBEDDING] }).apply(embedded) as TF.SymbolicTensor };
    };
    const word = branch('word');
    const context = branch('context');
    const similarity = tf.layers.dot({ axes: 1, name: 'dot' }).apply([word.vector, context.vector]) as TF.SymbolicTensor;
    const output = kerasDense(tf, { units: 1, activation: 'sigmoid' }).apply(similarity) as TF.SymbolicTensor;
    const model = tf.model({ inputs: [word.input, context.input], outputs: output, name: 'skipgram_alice' });
    model.compile({ optimizer: kerasOptimizers.adam(tf), loss: 'meanSquaredError' });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { ids, usedIds } = await aliceText(dataDir, ALICE_VOCAB);
    // Negatives are drawn from the words that exist, as the seed's skipgrams(wids, len(word2id)) does.
    const pairs = skipgrams(ids, usedIds, { windowSize: SKIPGRAM_WINDOW, random: seededRandom(42) });
    const n = sampleCount(pairs.count, options);
    return {
      xs: [
        tf.tensor2d(pairs.words.subarray(0, n), [n, 1], 'int32'),
        tf.tensor2d(pairs.contexts.subarray(0, n), [n, 1], 'int32'),
      ],
      ys: tf.tensor2d(Float32Array.from(pairs.labels.subarray(0, n)), [n, 1]),
      samples: n,
    };
  },
};
