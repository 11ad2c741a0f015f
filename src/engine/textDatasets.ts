import type { DatasetBase, DatasetFile } from './datasets';

/**
 * The tutorial's text datasets. Each is one corpus file, tokenized and cut
 * into samples the way the seed notebooks do (see src/trainer/textSamples.ts);
 * several tasks can share a corpus. Downloads are pinned to a commit or an
 * immutable archive, so their checksums hold.
 */
export type TextCorpus = 'imdb' | 'alice' | 'ja-en';
export type TextTask = 'sentiment' | 'next-word' | 'cbow' | 'skipgram' | 'translation';

export interface TextDatasetSpec extends DatasetBase {
  kind: 'text';
  corpus: TextCorpus;
  task: TextTask;
  files: readonly DatasetFile[];
  /**
   * Share of the samples kept out of training as the test split, for corpora
   * that have none of their own (IMDB has one: 0).
   */
  testFraction: number;
}

/** Keras' `imdb.load_data(num_words=20000)`, reviews cut or padded to 140 words. */
export const IMDB_TEXT = { numWords: 20_000, maxlen: 140 } as const;
/** The Alice networks' vocabulary (the seed's 5,000 words), LM window and CBOW half-window. */
export const ALICE_TEXT = { vocabulary: 5000, lmWindow: 10, cbowWindow: 1, skipgramWindow: 4 } as const;
/** Japanese characters, English words, and their sequence lengths. */
export const JA_EN_TEXT = { jaVocab: 2500, enVocab: 10_000, maxJa: 32, maxEn: 16 } as const;

const IMDB_FILE: DatasetFile = {
  name: 'aclImdb_v1.tar.gz',
  bytes: 84_125_825,
  sha256: 'c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe',
  urls: ['https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz'],
  // The labelled-only repack (same review files, no unsup/ or .feat) reads the same.
  aliases: ['aclImdb_v1_labeled.tar.gz'],
};

const ALICE_FILE: DatasetFile = {
  name: '11-0.txt',
  bytes: 151_095,
  sha256: 'f17aa0bf7466424a8b357b688678666bad7a0148963ef349016a3098faa6bd1e',
  urls: ['https://raw.githubusercontent.com/gutenbergbooks/11/5e5120e12a58a10254e0e6a42661d887e61c2aac/11-0.txt'],
};

const JA_EN_FILE: DatasetFile = {
  name: 'jpn.txt',
  bytes: 3_649_492,
  sha256: '9d4b9abc4b5b33583f770a92210d80cb548666a6305c2cba54f3d7062f8d82fc',
  urls: ['https://raw.githubusercontent.com/futurebridge/ZukaiML/70f3542faea9753b125dd3974f2a49d2085b90a4/jpn.txt'],
};

const ALICE_CITATION = 'Lewis Carroll, Alice’s Adventures in Wonderland, Project Gutenberg eBook #11 (public domain).';

export const IMDB_SENTIMENT: TextDatasetSpec = {
  kind: 'text',
  id: 'imdb',
  title: 'IMDB movie reviews (sentiment)',
  folder: 'imdb',
  mirrors: [],
  corpus: 'imdb',
  task: 'sentiment',
  files: [IMDB_FILE],
  testFraction: 0,
  inputs: [
    {
      name: 'review',
      shape: [IMDB_TEXT.maxlen],
      dtype: 'int32',
      vocabulary: IMDB_TEXT.numWords,
      description: `word ids of the review (top ${IMDB_TEXT.numWords.toLocaleString('en-US')} words; 0 pads, 1 starts, 2 is any other word), padded or cut to ${IMDB_TEXT.maxlen}`,
    },
  ],
  targets: [{ name: 'sentiment', shape: [1], encoding: 'binary', description: '1 for a positive review, 0 for a negative one' }],
  citation: 'A. L. Maas et al., Learning Word Vectors for Sentiment Analysis, ACL 2011.',
};

export const ALICE_NEXT_WORD: TextDatasetSpec = {
  kind: 'text',
  id: 'alice-next-word',
  title: 'Alice in Wonderland (next word)',
  folder: 'alice',
  mirrors: [],
  corpus: 'alice',
  task: 'next-word',
  files: [ALICE_FILE],
  testFraction: 0.1,
  inputs: [
    {
      name: 'words',
      shape: [ALICE_TEXT.lmWindow],
      dtype: 'int32',
      vocabulary: ALICE_TEXT.vocabulary,
      description: `${ALICE_TEXT.lmWindow} consecutive word ids of the book`,
    },
  ],
  targets: [
    { name: 'next_word', shape: [ALICE_TEXT.vocabulary], encoding: 'sparse', description: 'the word that follows' },
  ],
  citation: ALICE_CITATION,
};

export const ALICE_CBOW: TextDatasetSpec = {
  kind: 'text',
  id: 'alice-cbow',
  title: 'Alice in Wonderland (CBOW word vectors)',
  folder: 'alice',
  mirrors: [],
  corpus: 'alice',
  task: 'cbow',
  files: [ALICE_FILE],
  testFraction: 0.1,
  inputs: [
    {
      name: 'context',
      shape: [2 * ALICE_TEXT.cbowWindow],
      dtype: 'int32',
      vocabulary: ALICE_TEXT.vocabulary,
      description: `the ${ALICE_TEXT.cbowWindow} word(s) before and after a word`,
    },
  ],
  targets: [{ name: 'word', shape: [ALICE_TEXT.vocabulary], encoding: 'sparse', description: 'the word in the middle' }],
  citation: ALICE_CITATION,
};

export const ALICE_SKIPGRAM: TextDatasetSpec = {
  kind: 'text',
  id: 'alice-skipgram',
  title: 'Alice in Wonderland (skip-gram pairs)',
  folder: 'alice',
  mirrors: [],
  corpus: 'alice',
  task: 'skipgram',
  files: [ALICE_FILE],
  testFraction: 0.1,
  inputs: [
    { name: 'word', shape: [1], dtype: 'int32', vocabulary: ALICE_TEXT.vocabulary, description: 'a word id' },
    { name: 'context', shape: [1], dtype: 'int32', vocabulary: ALICE_TEXT.vocabulary, description: 'another word id' },
  ],
  targets: [
    {
      name: 'is_context',
      shape: [1],
      encoding: 'binary',
      description: `1 when the second word occurs within ${ALICE_TEXT.skipgramWindow} words of the first, 0 for a random word`,
    },
  ],
  citation: ALICE_CITATION,
};

export const JA_EN_TRANSLATION: TextDatasetSpec = {
  kind: 'text',
  id: 'ja-en',
  title: 'Japanese→English sentence pairs (Tatoeba)',
  folder: 'ja-en',
  mirrors: [],
  corpus: 'ja-en',
  task: 'translation',
  files: [JA_EN_FILE],
  testFraction: 0.1,
  inputs: [
    {
      name: 'japanese',
      shape: [JA_EN_TEXT.maxJa],
      dtype: 'int32',
      vocabulary: JA_EN_TEXT.jaVocab,
      description: `the Japanese sentence as character ids, padded or cut to ${JA_EN_TEXT.maxJa}`,
    },
    {
      name: 'english_prefix',
      shape: [JA_EN_TEXT.maxEn],
      dtype: 'int32',
      vocabulary: JA_EN_TEXT.enVocab,
      description: `the English words so far (<start> first) as word ids, padded to ${JA_EN_TEXT.maxEn}`,
    },
  ],
  targets: [
    { name: 'next_word', shape: [JA_EN_TEXT.enVocab], encoding: 'sparse', description: 'the next English word (<end> after the last)' },
  ],
  citation: 'Tatoeba Project sentence pairs via manythings.org/anki, CC BY 2.0 FR.',
};

export const TEXT_DATASETS: readonly TextDatasetSpec[] = [
  IMDB_SENTIMENT,
  ALICE_NEXT_WORD,
  ALICE_CBOW,
  ALICE_SKIPGRAM,
  JA_EN_TRANSLATION,
];
