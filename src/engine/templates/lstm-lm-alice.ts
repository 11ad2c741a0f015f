import { chainGraph, datasetSizes, layerNode } from './build';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

const words = datasetSizes('alice-next-word').input('words');
const vocabulary = datasetSizes('alice-next-word').classes('next_word');

/**
 * Tutorial §5: Embedding(vocab_size, 64, input_length=maxlen) → LSTM(64) →
 * Dense(vocab_size) → softmax, categorical cross-entropy, Adadelta, 19 passes
 * of `train_on_batch` over one batch per line.
 */
export const lstmLmAliceTemplate: ProjectTemplate = {
  id: 'lstm-lm-alice',
  title: 'LSTM language model (Alice)',
  group: 'text',
  description: `A word-level language model: every prefix of a line of Alice's Adventures in Wonderland (padded in front to ${words.length} words) predicts the next word out of ${vocabulary - 1} through a 64-dimensional embedding, an LSTM with 64 units and a softmax. As in the tutorial it reads the first 50 lines with Keras' Tokenizer, keeps lines of two words or more, and trains with train_on_batch on one batch per line, 19 passes. Our copy of the book (Project Gutenberg's repository file) has no licence header, so its first 50 lines are the title, contents and chapter I, and the vocabulary is ${vocabulary - 1} words, not the tutorial's 128 (its vocab_size 129 counted the header's words); typographic quotes are folded to ASCII as in the tutorial's file.`,
  dataset: 'alice-next-word',
  graph: chainGraph([
    layerNode('Input', 'input_1', { shape: [words.length] }),
    layerNode('Embedding', 'embedding_1', { input_dim: words.vocabulary, output_dim: 64, input_length: words.length }),
    layerNode('LSTM', 'lstm_1', { units: 64, return_sequences: false, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }),
    layerNode('Dense', 'dense_1', { units: vocabulary, activation: 'linear', use_bias: true }),
    layerNode('Activation', 'activation_1', { activation: 'softmax' }),
  ]),
  training: tutorialTraining({
    dataset: 'alice-next-word',
    epochs: 19,
    batchSize: 256,
    validation: 'none',
    validationSplit: 0,
    batching: 'tutorial',
    outputs: [{ layer: 'activation_1', target: 'next_word', loss: 'categorical_crossentropy', metrics: [], weight: 1 }],
  }),
  tutorial: {
    section: '5. Neural Network Language Models',
    result: 'no loss printed; after 19 passes it generates "alice\'s adventures in wonderland carroll carroll …"',
    epochs: [],
  },
};
