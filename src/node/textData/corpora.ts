/** Parsers for the raw text corpora of the tutorial networks. Pure: bytes or strings in, records out. */
import { gunzipSync } from 'node:zlib';
import { readTar } from './tar';

export interface LabelledText {
  text: string;
  /** 1 positive, 0 negative. */
  label: 0 | 1;
}

export interface ImdbReview extends LabelledText {
  /** The file's review id and star rating, from `<id>_<rating>.txt`. */
  id: number;
  rating: number;
}

export interface ImdbSplits {
  train: ImdbReview[];
  test: ImdbReview[];
}

const REVIEW_PATH = /(?:^|\/)aclImdb\/(train|test)\/(pos|neg)\/(\d+)_(\d+)\.txt$/;

/**
 * The labelled reviews of the Stanford Large Movie Review Dataset from its
 * tar (gzipped or not), in archive order. Unlabelled `unsup` reviews and
 * every other file are ignored.
 */
export function parseImdbArchive(archive: Uint8Array): ImdbSplits {
  const tar = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const splits: ImdbSplits = { train: [], test: [] };
  const decoder = new TextDecoder('utf-8');
  for (const entry of readTar(tar)) {
    if (entry.type !== 'file') continue;
    const match = REVIEW_PATH.exec(entry.name);
    if (!match) continue;
    const [, split, polarity, id, rating] = match;
    splits[split as keyof ImdbSplits].push({
      text: decoder.decode(entry.data),
      label: polarity === 'pos' ? 1 : 0,
      id: Number(id),
      rating: Number(rating),
    });
  }
  return splits;
}

/** UCI "Sentiment Labelled Sentences": one `sentence<TAB>label` per line. */
export function parseLabelledSentences(text: string): LabelledText[] {
  const rows: LabelledText[] = [];
  for (const line of text.split(/\r?\n/)) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(tab + 1).trim();
    if (label !== '0' && label !== '1') continue;
    rows.push({ text: line.slice(0, tab).trim(), label: label === '1' ? 1 : 0 });
  }
  return rows;
}

export interface SentencePair {
  english: string;
  japanese: string;
}

/** manythings.org / Tatoeba pairs: `English<TAB>Japanese[<TAB>attribution]` per line. */
export function parseJaEnPairs(text: string): SentencePair[] {
  const pairs: SentencePair[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [english, japanese] = line.split('\t');
    if (english?.trim() && japanese?.trim()) pairs.push({ english: english.trim(), japanese: japanese.trim() });
  }
  return pairs;
}

/**
 * Python's `open(path).readlines()`: lines with their `\n` (universal
 * newlines: `\r\n` and `\r` read as `\n`); the last line may lack one.
 */
export function readLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
