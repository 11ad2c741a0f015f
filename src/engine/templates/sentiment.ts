import type { GraphNode } from '../graph';
import { chainGraph, datasetSizes, layerNode } from './build';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate, TutorialReference } from './types';

/**
 * Tutorial §4: `imdb.load_data(nb_words=20000)`, `pad_sequences(maxlen=140)`,
 * then Embedding(20000, 100, init='glorot_uniform', input_length=140) → the
 * recurrent layers → Dense(1) → sigmoid, binary cross-entropy, Adadelta,
 * batches of 256, 3 epochs, validated on the held-out reviews. Keras 1's GRU
 * and LSTM: tanh, hard-sigmoid gates, orthogonal recurrent kernels, the LSTM's
 * forget bias at 1, the GRU's reset gate before the recurrent product.
 */
function sentimentTemplate(
  id: string,
  title: string,
  recurrent: GraphNode[],
  what: string,
  tutorial: TutorialReference,
): ProjectTemplate {
  const review = datasetSizes('imdb').input('review');
  return {
    id,
    title,
    group: 'text',
    description: `${what} reads a movie review as its first 140 word ids (the 20,000 most frequent words; shorter reviews padded in front, longer ones cut at the front, as Keras' pad_sequences does) and outputs the probability that it is positive. As in Keras 1.0.2, whose imdb.load_data held out 20% of the labelled reviews, it trains on 20,000 reviews and validates on the other 5,000 (our word ranks come from the Stanford archive, not Keras' pre-tokenized copy).`,
    dataset: 'imdb',
    graph: chainGraph([
      layerNode('Input', 'input_1', { shape: [review.length] }),
      layerNode('Embedding', 'embedding_1', {
        input_dim: review.vocabulary,
        output_dim: 100,
        input_length: review.length,
        embeddings_initializer: 'glorot_uniform',
      }),
      ...recurrent,
      layerNode('Dense', 'dense_1', { units: 1, activation: 'linear', use_bias: true }),
      layerNode('Activation', 'activation_1', { activation: 'sigmoid' }),
    ]),
    training: tutorialTraining({ dataset: 'imdb', epochs: 3, batchSize: 256, validation: 'test', validationSplit: 0 }),
    tutorial,
  };
}

const KERAS1_GATES = { activation: 'tanh', recurrent_activation: 'hard_sigmoid' } as const;

export const gruImdbTemplate = sentimentTemplate(
  'gru-imdb',
  'GRU sentiment (IMDB)',
  [layerNode('GRU', 'gru_1', { units: 20, return_sequences: false, ...KERAS1_GATES })],
  'A GRU with 20 units',
  {
    section: '4.2.1 RNN with binary classification (GRU)',
    result: 'validation accuracy 0.5790 after 3 epochs',
    epochs: [
      { loss: 0.6872, acc: 0.5467, val_loss: 0.6908, val_acc: 0.5078 },
      { loss: 0.6574, acc: 0.6064, val_loss: 0.679, val_acc: 0.5682 },
      { loss: 0.6103, acc: 0.6783, val_loss: 0.7436, val_acc: 0.579 },
    ],
  },
);

export const gru2ImdbTemplate = sentimentTemplate(
  'gru2-imdb',
  '2×GRU sentiment (IMDB)',
  [
    layerNode('GRU', 'gru_1', { units: 20, return_sequences: true, ...KERAS1_GATES }),
    layerNode('GRU', 'gru_2', { units: 20, return_sequences: false, ...KERAS1_GATES }),
  ],
  'Two stacked GRUs with 20 units (the first returns its whole sequence)',
  {
    section: '4.2.3 more RNN (two GRUs)',
    result: 'validation accuracy 0.5938 after 3 epochs (0.6686 after 2)',
    epochs: [
      { loss: 0.6862, acc: 0.5427, val_loss: 0.6611, val_acc: 0.6084 },
      { loss: 0.6446, acc: 0.6205, val_loss: 0.5929, val_acc: 0.6686 },
      { loss: 0.5955, acc: 0.6797, val_loss: 0.6935, val_acc: 0.5938 },
    ],
  },
);

export const lstmImdbTemplate = sentimentTemplate(
  'lstm-imdb',
  'LSTM sentiment (IMDB)',
  [layerNode('LSTM', 'lstm_1', { units: 20, return_sequences: false, ...KERAS1_GATES })],
  'An LSTM with 20 units',
  {
    section: '4.2.3 more RNN (LSTM)',
    result: 'validation accuracy 0.7276 after 3 epochs',
    epochs: [
      { loss: 0.6841, acc: 0.5578, val_loss: 0.6312, val_acc: 0.6674 },
      { loss: 0.6356, acc: 0.6504, val_loss: 0.5661, val_acc: 0.7092 },
      { loss: 0.5829, acc: 0.6986, val_loss: 0.54, val_acc: 0.7276 },
    ],
  },
);
