import type { Graph } from '../graph';
import { chainEdges, datasetSizes, layerNode } from './build';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

const LOSS_SUMS = [
  17.2141909599, 16.9887566566, 16.2411899567, 15.7206983566, 15.5117740631, 15.4506354332, 15.4058394432, 15.3756952286, 15.34709692,
  15.3168869019, 15.2805161476, 15.2358422279, 15.1841897964, 15.1340575218, 15.0821118355, 15.0178146362, 14.9242806435, 14.8268032074,
  14.7436642647, 14.6707334518, 14.6044588089,
];

const sizes = datasetSizes('ja-en');
const japanese = sizes.input('japanese');
const prefix = sizes.input('english_prefix');
const english = sizes.classes('next_word');

/** Two columns, encoder left and decoder input right, meeting at the merge. */
function at(node: ReturnType<typeof layerNode>, column: number, row: number) {
  return { ...node, position: { x: column * 260, y: row * 140 } };
}

/**
 * Tutorial §6.3: an encoder Sequential (Embedding(ja, 128) → GRU(128) →
 * RepeatVector(decoder_maxlen)) and a decoder-input Sequential (Embedding(en,
 * 128) → GRU(128, return_sequences=True) → TimeDistributed(Dense(128)))
 * joined by Keras 1's `Merge([encoder, decoder_input], mode='concat',
 * concat_axis=-1)`, which is LayerLab's Concatenate(axis=-1), then GRU(128) →
 * Dense(en) → softmax.
 */
const graph: Graph = {
  nodes: [
    at(layerNode('Input', 'japanese', { shape: [japanese.length] }), 0, 0),
    at(layerNode('Embedding', 'embedding_1', { input_dim: japanese.vocabulary, output_dim: 128, input_length: japanese.length }), 0, 1),
    at(layerNode('GRU', 'gru_1', { units: 128, return_sequences: false, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }), 0, 2),
    at(layerNode('RepeatVector', 'repeat_vector_1', { n: prefix.length }), 0, 3),
    at(layerNode('Input', 'english_prefix', { shape: [prefix.length] }), 1, 0),
    at(layerNode('Embedding', 'embedding_2', { input_dim: prefix.vocabulary, output_dim: 128, input_length: prefix.length }), 1, 1),
    at(layerNode('GRU', 'gru_2', { units: 128, return_sequences: true, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }), 1, 2),
    at(layerNode('TimeDistributed', 'time_distributed_1', { units: 128, activation: 'linear' }), 1, 3),
    at(layerNode('Concatenate', 'concatenate_1', { axis: -1 }), 0.5, 4),
    at(layerNode('GRU', 'gru_3', { units: 128, return_sequences: false, activation: 'tanh', recurrent_activation: 'hard_sigmoid' }), 0.5, 5),
    at(layerNode('Dense', 'dense_1', { units: english, activation: 'linear', use_bias: true }), 0.5, 6),
    at(layerNode('Activation', 'activation_1', { activation: 'softmax' }), 0.5, 7),
  ],
  edges: [
    ...chainEdges('japanese', 'embedding_1', 'gru_1', 'repeat_vector_1', 'concatenate_1'),
    ...chainEdges('english_prefix', 'embedding_2', 'gru_2', 'time_distributed_1', 'concatenate_1'),
    ...chainEdges('concatenate_1', 'gru_3', 'dense_1', 'activation_1'),
  ],
};

export const encdecJaEnTemplate: ProjectTemplate = {
  id: 'encdec-jaen',
  title: 'Japanese→English encoder-decoder',
  group: 'text',
  description: `A translator: a GRU encodes the Japanese sentence (up to ${japanese.length} words) into one vector repeated for each of the ${prefix.length} decoder steps; another GRU reads the English words so far (GOS first); the two are concatenated (the tutorial's Merge(mode='concat')) and a third GRU with a softmax over ${english - 1} English words predicts the next word (EOS ends). The tutorial used 50 lines of The Yellow Face already segmented into words; that text is not public, so this uses the first 50 Tatoeba sentence pairs, with the Japanese segmented into words by the kuromoji morphological analyser, and the tutorial's filters and GOS/EOS markers. Tatoeba's first pairs are short, so vocabularies and lengths are smaller than the tutorial's 315 English words. The Train tab's Corpus lines reads more pairs, but the model keeps the sizes of these 50 (longer sentences are cut, other words dropped): edit the Inputs and Embeddings to grow it. Trained like the tutorial: train_on_batch over batches of 256 (sentence, prefix) samples, 21 passes, loss summed over a pass (loss_sum).`,
  dataset: 'ja-en',
  graph,
  training: tutorialTraining({
    dataset: 'ja-en',
    epochs: 21,
    batchSize: 256,
    validation: 'none',
    validationSplit: 0,
    batching: 'tutorial',
    outputs: [{ layer: 'activation_1', target: 'next_word', loss: 'categorical_crossentropy', metrics: [], weight: 1 }],
  }),
  tutorial: {
    section: '6. Encoder-Decoder',
    result: `loss summed over a pass ${LOSS_SUMS.at(-1)!.toFixed(2)} after 21 passes`,
    epochs: LOSS_SUMS.map((sum) => ({ loss_sum: sum })),
  },
};
