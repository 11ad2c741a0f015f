import type { DatasetBase, DatasetFile } from './datasets';

/**
 * The tutorial's text datasets. Each is one corpus file, read, tokenized and
 * cut into samples the way the tutorial's notebook cells do (see
 * src/node/textData); several tasks can share a corpus. Downloads are pinned
 * to a commit or an immutable archive, so their checksums hold.
 *
 * Shapes, vocabularies and sample counts are static data, computed from the
 * pinned files with the tutorial's number of corpus lines (a test recomputes
 * them and fails when they drift). With another number of lines the samples
 * keep these shapes: sequences are padded or cut at the front to the lengths
 * below, and word ids at or above the vocabulary size are dropped, as Keras'
 * `Tokenizer(nb_words=…)` drops them.
 */
export type TextCorpus = 'imdb' | 'alice' | 'ja-en';
export type TextTask = 'sentiment' | 'next-word' | 'cbow' | 'skipgram' | 'translation';

export interface TextDatasetSpec extends DatasetBase {
  kind: 'text';
  corpus: TextCorpus;
  task: TextTask;
  files: readonly DatasetFile[];
  /**
   * The tutorial's number of corpus lines (sentence pairs for ja-en), used
   * when the training settings leave `corpusLines` null. Null for IMDB,
   * which always reads every review.
   */
  corpusLines: number | null;
  /**
   * Share of the samples held out as the test split: IMDB's Keras
   * `test_split`. The corpora have no test split in the tutorial: 0, and
   * their `test` split is empty.
   */
  testFraction: number;
  /**
   * One pass of the tutorial's generator with the default corpus lines:
   * batches, and samples fed (CBOW's growing batches feed each early context
   * many times). Absent for IMDB, which trains with `fit`.
   */
  tutorialPass?: { batches: number; samples: number };
}

/**
 * §4: Keras 1.0.2 `imdb.load_data(nb_words=20000)` (25,000 reviews, the
 * last `test_split=0.2` held out) + `pad_sequences(maxlen=140)`.
 */
export const IMDB_TEXT = { numWords: 20_000, maxlen: 140, testSplit: 0.2, train: 20_000, test: 5_000 } as const;

/**
 * §5 language model: `readlines()[0:50]` of Alice, `Tokenizer()`. The
 * tutorial's pg11.txt began with Project Gutenberg's licence header; this
 * copy has none, so the vocabulary is 164 and not the tutorial's 129 (its
 * maxlen, 14, is the same). One tutorial batch per sentence.
 */
export const ALICE_NEXT_WORD_TEXT = { lines: 50, maxlen: 14, vocabulary: 164, samples: 243, tutorialBatches: 32 } as const;

/**
 * §8 CBOW and §9 skip-gram: `readlines()[0:500]` of Alice, lines with at
 * least two spaces, `Tokenizer(filters=base_filter()+"'")`, window 2.
 * Vocabulary 1,014 (the tutorial's, with its licence header: 1,023).
 * CBOW yields one (growing) batch per word, skip-gram one per word.
 */
export const ALICE_WORD2VEC_TEXT = {
  lines: 500,
  windowSize: 2,
  vocabulary: 1014,
  cbowSamples: 4832,
  cbowTutorialBatches: 4832,
  /** Σ batch sizes of one CBOW pass: a line of k words feeds 1 + 2 + … + k contexts. */
  cbowSamplesPerPass: 34_558,
  skipgramSamples: 16_994,
  skipgramTutorialBatches: 4832,
} as const;

/**
 * §6 encoder-decoder on the first 50 Tatoeba pairs (the file is sorted by
 * length, so they are the shortest: "Go." / 行け。), Japanese segmented by
 * kuromoji. The tutorial's Yellow Face lines were much longer (encoder 64,
 * decoder 48, English vocabulary 315). Batches of 256 samples.
 */
export const JA_EN_TEXT = {
  pairs: 50,
  encoderMaxlen: 5,
  decoderMaxlen: 3,
  jaVocabulary: 63,
  enVocabulary: 20,
  samples: 120,
  batchSize: 256,
  tutorialBatches: 1,
} as const;

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
  corpusLines: null,
  testFraction: IMDB_TEXT.testSplit,
  samples: { train: IMDB_TEXT.train, test: IMDB_TEXT.test },
  inputs: [
    {
      name: 'review',
      shape: [IMDB_TEXT.maxlen],
      dtype: 'int32',
      vocabulary: IMDB_TEXT.numWords,
      description: `word ids of the review (top ${IMDB_TEXT.numWords.toLocaleString('en-US')} words; 0 pads, 1 starts, 2 is any other word), padded or cut at the front to ${IMDB_TEXT.maxlen}`,
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
  corpusLines: ALICE_NEXT_WORD_TEXT.lines,
  testFraction: 0,
  samples: { train: ALICE_NEXT_WORD_TEXT.samples, test: 0 },
  tutorialPass: { batches: ALICE_NEXT_WORD_TEXT.tutorialBatches, samples: ALICE_NEXT_WORD_TEXT.samples },
  inputs: [
    {
      name: 'words',
      shape: [ALICE_NEXT_WORD_TEXT.maxlen],
      dtype: 'int32',
      vocabulary: ALICE_NEXT_WORD_TEXT.vocabulary,
      description: `the first words of a line as word ids, padded at the front to ${ALICE_NEXT_WORD_TEXT.maxlen}`,
    },
  ],
  targets: [
    { name: 'next_word', shape: [ALICE_NEXT_WORD_TEXT.vocabulary], encoding: 'sparse', description: 'the word that follows them' },
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
  corpusLines: ALICE_WORD2VEC_TEXT.lines,
  testFraction: 0,
  samples: { train: ALICE_WORD2VEC_TEXT.cbowSamples, test: 0 },
  tutorialPass: { batches: ALICE_WORD2VEC_TEXT.cbowTutorialBatches, samples: ALICE_WORD2VEC_TEXT.cbowSamplesPerPass },
  inputs: [
    {
      name: 'context',
      shape: [2 * ALICE_WORD2VEC_TEXT.windowSize],
      dtype: 'int32',
      vocabulary: ALICE_WORD2VEC_TEXT.vocabulary,
      description: `the words up to ${ALICE_WORD2VEC_TEXT.windowSize} before and after a word on its line, padded at the front to ${2 * ALICE_WORD2VEC_TEXT.windowSize}`,
    },
  ],
  targets: [{ name: 'word', shape: [ALICE_WORD2VEC_TEXT.vocabulary], encoding: 'sparse', description: 'the word in the middle' }],
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
  corpusLines: ALICE_WORD2VEC_TEXT.lines,
  testFraction: 0,
  samples: { train: ALICE_WORD2VEC_TEXT.skipgramSamples, test: 0 },
  tutorialPass: { batches: ALICE_WORD2VEC_TEXT.skipgramTutorialBatches, samples: ALICE_WORD2VEC_TEXT.skipgramSamples },
  inputs: [{ name: 'word', shape: [1], dtype: 'int32', vocabulary: ALICE_WORD2VEC_TEXT.vocabulary, description: 'a word id' }],
  targets: [
    {
      name: 'context',
      shape: [ALICE_WORD2VEC_TEXT.vocabulary],
      encoding: 'sparse',
      description: `a word up to ${ALICE_WORD2VEC_TEXT.windowSize} words before or after it on its line`,
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
  corpusLines: JA_EN_TEXT.pairs,
  testFraction: 0,
  samples: { train: JA_EN_TEXT.samples, test: 0 },
  tutorialPass: { batches: JA_EN_TEXT.tutorialBatches, samples: JA_EN_TEXT.samples },
  inputs: [
    {
      name: 'japanese',
      shape: [JA_EN_TEXT.encoderMaxlen],
      dtype: 'int32',
      vocabulary: JA_EN_TEXT.jaVocabulary,
      description: `the Japanese sentence as word ids (segmented by kuromoji), padded at the front to ${JA_EN_TEXT.encoderMaxlen}`,
    },
    {
      name: 'english_prefix',
      shape: [JA_EN_TEXT.decoderMaxlen],
      dtype: 'int32',
      vocabulary: JA_EN_TEXT.enVocabulary,
      description: `the English words so far (gos first) as word ids, padded at the front to ${JA_EN_TEXT.decoderMaxlen}`,
    },
  ],
  targets: [
    { name: 'next_word', shape: [JA_EN_TEXT.enVocabulary], encoding: 'sparse', description: 'the next English word (eos after the last)' },
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
