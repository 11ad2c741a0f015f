import { nextWordWindows } from '../../node/textData';
import { ALICE_VOCAB } from './alice';
import { aliceText, sampleCount, sparseTargets } from './data';
import { kerasDense, kerasEmbedding, kerasLstm, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

/** Words of context per sample, and the stride between samples. */
export const LM_MAXLEN = 10;
export const LM_STEP = 1;

/**
 * A word-level LSTM language model on Alice: Embedding(5000, 128) →
 * LSTM(128) → Dense(5000, softmax), RMSprop(lr=0.01), categorical
 * cross-entropy (sparse targets), batch 128.
 *
 * No word-level LM notebook of the seed was found. This is the seed's
 * character-level "LSTM for Sentence Generation" notebook (Keras'
 * lstm_text_generation: LSTM(128) → Dense(chars) → softmax, RMSprop(0.01),
 * batch 128, windows of 40 characters) moved to words: windows of 10 words
 * (about 40 characters) every word, and an Embedding in place of the one-hot
 * input, which would be 5,000 wide per step.
 *
 * Params: 5,000·128 = 640,000; LSTM 4·(128·128 + 128·128 + 128) = 131,584;
 * Dense 128·5,000 + 5,000 = 645,000: 1,416,584.
 */
export const lstmLmAlice: NetworkDefinition = {
  id: 'lstm-lm-alice',
  title: 'LSTM language model on Alice',
  seedBatchSize: 128,
  source:
    'Our word-level adaptation of leriomaggio/deep-learning-keras-tensorflow, "7. Recurrent Neural Networks/7.2 LSTM for Sentence Generation.ipynb" (char-level LSTM(128), RMSprop 0.01, batch 128)',
  targets: 'sparse',
  build(tf) {
    const model = tf.sequential({
      name: 'lstm_lm_alice',
      layers: [
        kerasEmbedding(tf, { inputDim: ALICE_VOCAB, outputDim: 128, inputLength: LM_MAXLEN, inputShape: [LM_MAXLEN] }),
        kerasLstm(tf, { units: 128 }),
        kerasDense(tf, { units: ALICE_VOCAB, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: kerasOptimizers.rmsprop(tf, 0.01), loss: 'sparseCategoricalCrossentropy' });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const { ids } = await aliceText(dataDir, ALICE_VOCAB);
    const windows = nextWordWindows(ids, LM_MAXLEN, LM_STEP);
    const n = sampleCount(windows.count, options);
    return {
      xs: tf.tensor2d(windows.inputs.subarray(0, n * LM_MAXLEN), [n, LM_MAXLEN], 'int32'),
      ys: sparseTargets(tf, windows.targets.subarray(0, n)),
      samples: n,
    };
  },
};
