/**
 * Shared by the three Alice in Wonderland networks: the vocabulary size of the
 * seed's word2vec models (`vocab_size = 5000`), used by the language model too.
 * The whole book (about 2,640 distinct words with our tokenizer) fits in it.
 */
export const ALICE_VOCAB = 5000;

export const WORD2VEC_SOURCE =
  'Keras-1-era word2vec models the seed borrows (Gulli & Pal, "Deep Learning with Keras", ch. 5: keras_cbow.py and skip_gram.py, vocab_size 5000, embed_size 300); no notebook of the seed tutorial with them was found';
