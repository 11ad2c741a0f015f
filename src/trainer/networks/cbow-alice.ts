import { cbowWindows } from '../../node/textData';
import { ALICE_VOCAB, WORD2VEC_SOURCE } from './alice';
import { aliceText, sampleCount, sparseTargets } from './data';
import { kerasDense, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

export const CBOW_WINDOW = 1;
export const CBOW_EMBEDDING = 300;

/**
 * CBOW word2vec on Alice: Embedding(5000, 300, glorot_uniform,
 * input_length = 2·window) → Lambda(lambda x: K.mean(x, axis=1)) →
 * Dense(5000, softmax, glorot_uniform); Adadelta, categorical cross-entropy
 * (sparse targets). Window 1: the words either side predict the middle one.
 * tfjs has no Lambda layer; GlobalAveragePooling1D is exactly the mean over
 * axis 1 of a [batch, steps, features] tensor, with no weights.
 * Batch 32: the seed sets none, and 32 is Keras' default.
 *
 * Params: 5,000·300 = 1,500,000; Dense 300·5,000 + 5,000 = 1,505,000: 3,005,000.
 */
export const cbowAlice: NetworkDefinition = {
  id: 'cbow-alice',
  title: 'CBOW word embeddings on Alice',
  seedBatchSize: 32,
  source: WORD2VEC_SOURCE,
  targets: 'sparse',
  build(tf) {
    const model = tf.sequential({
      name: 'cbow_alice',
      layers: [
        tf.layers.embedding({
          inputDim: ALICE_VOCAB,
          outputDim: CBOW_EMBEDDING,
          embeddingsInitializer: 'glorotUniform',
          inputLength: 2 * CBOW_WINDOW,
          inputShape: [2 * CBOW_WINDOW],
        }),
        tf.layers.globalAveragePooling1d({ name: 'context_mean' }),
        kerasDense(tf, { units: ALICE_VOCAB, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: kerasOptimizers.adadelta(tf), loss: 'sparseCategoricalCrossentropy' });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { ids } = await aliceText(dataDir, ALICE_VOCAB);
    const windows = cbowWindows(ids, CBOW_WINDOW);
    const n = sampleCount(windows.count, options);
    const width = 2 * CBOW_WINDOW;
    return {
      xs: tf.tensor2d(windows.contexts.subarray(0, n * width), [n, width], 'int32'),
      ys: sparseTargets(tf, windows.targets.subarray(0, n)),
      samples: n,
    };
  },
};
