import { chainGraph, datasetSizes, layerNode } from './build';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

const CBOW_SUMS = [28432.1996384, 24971.1928605, 23023.7741524, 21498.2474921, 20270.641627, 19247.0622016, 18333.4240407, 17502.0578976, 16770.3190116, 16126.2936538];

const CORPUS_NOTE =
  "As in the tutorial, the corpus is the first 500 lines of Alice's Adventures in Wonderland that contain at least two spaces, tokenized by Keras' Tokenizer with the apostrophe also filtered. Our copy of the book has no Project Gutenberg licence header, so those lines reach further into the story and the vocabulary differs from the tutorial's 1,022 words (V = 1,023).";

const cbow = datasetSizes('alice-cbow');
const cbowVocabulary = cbow.classes('word');

/**
 * Tutorial §8: Embedding(V, 100, init='glorot_uniform', input_length=4) →
 * Lambda(K.mean(x, axis=1)) → Dense(V, softmax). The Lambda averages the four
 * context vectors, padding rows included: exactly GlobalAveragePooling1D
 * (which, like the Lambda, ignores no step).
 */
export const cbowAliceTemplate: ProjectTemplate = {
  id: 'cbow-alice',
  title: 'CBOW word vectors (Alice)',
  group: 'text',
  description: `Continuous bag of words: the two words on each side of a word (padded in front to 4) are embedded in 100 dimensions, averaged, and a softmax over the ${cbowVocabulary - 1} words predicts the word in the middle; the embedding rows are the word vectors. The tutorial's Lambda(K.mean(axis=1)) is LayerLab's GlobalAveragePooling1D. It trains like the tutorial's generator: train_on_batch on batches that grow within a line (after the k-th word, all k contexts of the line so far), 10 passes, and the loss reported is the sum over a pass (loss_sum), as printed. ${CORPUS_NOTE}`,
  dataset: 'alice-cbow',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [cbow.input('context').length] }),
    layerNode('Embedding', 'embedding_1', {
      input_dim: cbow.input('context').vocabulary,
      output_dim: 100,
      input_length: cbow.input('context').length,
      embeddings_initializer: 'glorot_uniform',
    }),
    layerNode('GlobalAveragePooling1D', 'global_average_pooling1d_1', {}),
    layerNode('Dense', 'dense_1', { units: cbowVocabulary, activation: 'softmax', use_bias: true }),
  ]),
  training: tutorialTraining({
    dataset: 'alice-cbow',
    epochs: 10,
    batchSize: 256,
    validation: 'none',
    validationSplit: 0,
    batching: 'tutorial',
    // `cbow.compile(loss='categorical_crossentropy', optimizer='adadelta')`: no metrics.
    outputs: [{ layer: 'dense_1', target: 'word', loss: 'categorical_crossentropy', metrics: [], weight: 1 }],
  }),
  tutorial: {
    section: '8. Continuous Bag of Words',
    result: `loss summed over a pass ${CBOW_SUMS.at(-1)!.toFixed(1)} after 10 passes`,
    epochs: CBOW_SUMS.map((sum) => ({ loss_sum: sum })),
  },
};

const skipgram = datasetSizes('alice-skipgram');
const skipgramVocabulary = skipgram.classes('context');

/** Tutorial §9: Embedding(V, 100, init='glorot_uniform', input_length=1) → Reshape((100,)) → Dense(V, softmax). */
export const skipgramAliceTemplate: ProjectTemplate = {
  id: 'skipgram-alice',
  title: 'Skip-gram word vectors (Alice)',
  group: 'text',
  description: `Skip-gram: each word is embedded in 100 dimensions and a softmax over the ${skipgramVocabulary - 1} words predicts each word within two places of it; the embedding rows are the word vectors. It trains like the tutorial's generator: one train_on_batch per word, on that word's (word → neighbour) pairs, 10 passes. ${CORPUS_NOTE}`,
  dataset: 'alice-skipgram',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [1] }),
    layerNode('Embedding', 'embedding_1', {
      input_dim: skipgram.input('word').vocabulary,
      output_dim: 100,
      input_length: 1,
      embeddings_initializer: 'glorot_uniform',
    }),
    layerNode('Reshape', 'reshape_1', { target_shape: [100] }),
    layerNode('Dense', 'dense_1', { units: skipgramVocabulary, activation: 'softmax', use_bias: true }),
  ]),
  training: tutorialTraining({
    dataset: 'alice-skipgram',
    epochs: 10,
    batchSize: 256,
    validation: 'none',
    validationSplit: 0,
    batching: 'tutorial',
    outputs: [{ layer: 'dense_1', target: 'context', loss: 'categorical_crossentropy', metrics: [], weight: 1 }],
  }),
  tutorial: {
    section: '9. Skip Gram',
    result: 'no loss printed; most_similar("alice") lists begun, fallen, several, bad, yes, …',
    epochs: [],
  },
};
