import type * as TF from '@tensorflow/tfjs';
import { jaEnSamples, sampleCount, sparseTargets, type JaEnEncoding } from './data';
import { kerasDense, kerasEmbedding, kerasGru, kerasOptimizers } from './keras';
import type { NetworkDefinition } from './types';

/**
 * Vocabulary sizes and lengths. Japanese is tokenized by character (2,379
 * distinct in the corpus, so 2,500 ids keep them all); English by word with
 * the Alice tokenizer (9,266 distinct; 10,000 ids as in the Keras example).
 * 32 characters cover 97% of the Japanese sentences; 15 words + `<start>`
 * cover 99% of the English ones. Longer sentences are cut (Keras'
 * pad_sequences default: the front of the Japanese, the tail of the English).
 */
export const JA_EN: JaEnEncoding = { jaVocab: 2500, enVocab: 10_000, maxJa: 32, maxEn: 16 };

/**
 * Japanese → English encoder-decoder, the shape issue #3 pins from the seed:
 *
 *   japanese:       Embedding(2500, 256) → GRU(128) → RepeatVector(16)
 *   english prefix: Embedding(10000, 256) → GRU(128, return_sequences) → TimeDistributed(Dense(128))
 *   Concatenate → GRU(256) → Dense(10000, softmax)
 *
 * It predicts the next English word from the Japanese sentence and the
 * English words so far. The seed notebook was not found; the sizes, loss
 * (categorical cross-entropy), optimizer (RMSprop) and batch size (16) are
 * those of the Keras 1 documentation's caption-generation example that this
 * shape comes from (image model → RepeatVector; Embedding(vocab, 256) →
 * GRU(128, return_sequences) → TimeDistributed(Dense(128)); concat →
 * GRU(256) → Dense(vocab) → softmax), with a GRU sentence encoder in place
 * of the image encoder.
 *
 * Params: 2,500·256 = 640,000; GRU(128) on 256: 3·(256·128 + 128·128 + 128) = 147,840;
 * 10,000·256 = 2,560,000; GRU(128) 147,840; Dense(128) on 128: 16,512;
 * GRU(256) on 256: 3·(256·256 + 256·256 + 256) = 393,984; Dense 256·10,000 + 10,000 = 2,570,000.
 * Total 6,476,176.
 */
export const encdecJaEn: NetworkDefinition = {
  id: 'encdec-jaen',
  title: 'Japanese→English encoder-decoder',
  seedBatchSize: 16,
  source:
    'Shape pinned by issue #3 from the seed\'s JA→EN notebook (not found); sizes, loss, optimizer and batch from the Keras 1 docs caption-generation example that shape follows',
  targets: 'sparse',
  build(tf) {
    const japanese = tf.input({ shape: [JA_EN.maxJa], dtype: 'int32', name: 'japanese' });
    let encoded = kerasEmbedding(tf, { inputDim: JA_EN.jaVocab, outputDim: 256, inputLength: JA_EN.maxJa }).apply(japanese) as TF.SymbolicTensor;
    encoded = kerasGru(tf, { units: 128 }).apply(encoded) as TF.SymbolicTensor;
    encoded = tf.layers.repeatVector({ n: JA_EN.maxEn }).apply(encoded) as TF.SymbolicTensor;

    const prefix = tf.input({ shape: [JA_EN.maxEn], dtype: 'int32', name: 'english_prefix' });
    let decoded = kerasEmbedding(tf, { inputDim: JA_EN.enVocab, outputDim: 256, inputLength: JA_EN.maxEn }).apply(prefix) as TF.SymbolicTensor;
    decoded = kerasGru(tf, { units: 128, returnSequences: true }).apply(decoded) as TF.SymbolicTensor;
    decoded = tf.layers.timeDistributed({ layer: kerasDense(tf, { units: 128 }) }).apply(decoded) as TF.SymbolicTensor;

    let merged = tf.layers.concatenate({ axis: -1 }).apply([encoded, decoded]) as TF.SymbolicTensor;
    merged = kerasGru(tf, { units: 256 }).apply(merged) as TF.SymbolicTensor;
    const next = kerasDense(tf, { units: JA_EN.enVocab, activation: 'softmax', name: 'next_word' }).apply(merged) as TF.SymbolicTensor;

    const model = tf.model({ inputs: [japanese, prefix], outputs: next, name: 'encdec_jaen' });
    model.compile({ optimizer: kerasOptimizers.rmsprop(tf), loss: 'sparseCategoricalCrossentropy' });
    return model;
  },
  async loadData(tf, dataDir, options) {
    const data = await jaEnSamples(dataDir, JA_EN);
    const n = sampleCount(data.count, options);
    return {
      xs: [
        tf.tensor2d(data.japanese.subarray(0, n * JA_EN.maxJa), [n, JA_EN.maxJa], 'int32'),
        tf.tensor2d(data.prefix.subarray(0, n * JA_EN.maxEn), [n, JA_EN.maxEn], 'int32'),
      ],
      ys: sparseTargets(tf, data.next.subarray(0, n)),
      samples: n,
    };
  },
};
