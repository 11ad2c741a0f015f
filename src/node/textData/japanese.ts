/**
 * Japanese word segmentation with kuromoji (a pure-JS port of the MeCab-style
 * analyser, IPADIC dictionary shipped inside the npm package). The
 * tutorial's yellow.ja.txt came already segmented, words separated by
 * spaces; Tatoeba's Japanese has no spaces, so it is segmented here into the
 * same form.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';

type Segmenter = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;

let segmenter: Promise<Segmenter> | null = null;

/** The dictionary folder inside the installed package, wherever node_modules is. */
function dictionaryDir(): string {
  return path.join(path.dirname(createRequire(__filename).resolve('kuromoji/package.json')), 'dict');
}

/** Built once per process: loading the dictionary takes most of a second. */
function loadSegmenter(): Promise<Segmenter> {
  segmenter ??= new Promise<Segmenter>((resolve, reject) => {
    const dicPath = dictionaryDir();
    kuromoji.builder({ dicPath }).build((err, tokenizer) => {
      if (err) reject(new Error(`kuromoji could not load its dictionary from ${dicPath}: ${err.message}`));
      else resolve(tokenizer);
    });
  });
  segmenter.catch(() => (segmenter = null));
  return segmenter;
}

/**
 * Each text's words (kuromoji surface forms) joined by single spaces.
 * Whitespace tokens are dropped: in a pre-segmented file the space is the
 * separator, not a word.
 */
export async function segmentJapanese(texts: readonly string[]): Promise<string[]> {
  const tokenizer = await loadSegmenter();
  return texts.map((text) =>
    tokenizer
      .tokenize(text)
      .map((token) => token.surface_form)
      .filter((word) => word.trim().length > 0)
      .join(' '),
  );
}
