/**
 * The networks of the seed tutorial, re-created in tfjs with the seed's
 * architectures, optimizers, losses and batch sizes, each with a loader for
 * its real data. The GRU, 2×GRU and LSTM IMDB classifiers are one tutorial
 * network with three recurrent variants.
 */
import { autoencoderMnist } from './autoencoder-mnist';
import { cbowAlice } from './cbow-alice';
import { cnnCifar10 } from './cnn-cifar10';
import { cnnMnist } from './cnn-mnist';
import { encdecJaEn } from './encdec-jaen';
import { gru2Imdb } from './gru2-imdb';
import { gruImdb } from './gru-imdb';
import { lstmImdb } from './lstm-imdb';
import { lstmLmAlice } from './lstm-lm-alice';
import { mlpMnist } from './mlp-mnist';
import { skipgramAlice } from './skipgram-alice';
import type { NetworkDefinition } from './types';

export type { LoadDataOptions, NetworkData, NetworkDefinition, Tf } from './types';

export const NETWORKS: readonly NetworkDefinition[] = [
  mlpMnist,
  cnnMnist,
  cnnCifar10,
  gruImdb,
  gru2Imdb,
  lstmImdb,
  lstmLmAlice,
  encdecJaEn,
  autoencoderMnist,
  cbowAlice,
  skipgramAlice,
];

export function getNetwork(id: string): NetworkDefinition | undefined {
  return NETWORKS.find((n) => n.id === id);
}

export {
  autoencoderMnist,
  cbowAlice,
  cnnCifar10,
  cnnMnist,
  encdecJaEn,
  gru2Imdb,
  gruImdb,
  lstmImdb,
  lstmLmAlice,
  mlpMnist,
  skipgramAlice,
};
