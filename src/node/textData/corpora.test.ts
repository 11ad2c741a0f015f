import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDatasetsDir } from '../../../test/dataDirs';
import { parseImdbArchive, parseJaEnPairs, parseLabelledSentences, readLines } from './corpora';

const data = (...parts: string[]) => path.join(sharedDatasetsDir(), ...parts);

describe('parsers on small inputs', () => {
  it('reads labelled sentences and skips malformed lines', () => {
    expect(parseLabelledSentences('Good film.  \t1\nBad.\t0\nno label here\nodd\t2\n')).toEqual([
      { text: 'Good film.', label: 1 },
      { text: 'Bad.', label: 0 },
    ]);
  });

  it("splits lines as Python's readlines(): newline kept, universal newlines, last line without one", () => {
    expect(readLines('a\n\nb\r\nc\rd')).toEqual(['a\n', '\n', 'b\n', 'c\n', 'd']);
    expect(readLines('x\n')).toEqual(['x\n']);
    expect(readLines('')).toEqual([]);
  });

  it('reads JA-EN pairs with or without an attribution column', () => {
    expect(parseJaEnPairs('Go.\t行け。\nHi.\tこんにちは。\tCC-BY 2.0\n\nbroken line\n')).toEqual([
      { english: 'Go.', japanese: '行け。' },
      { english: 'Hi.', japanese: 'こんにちは。' },
    ]);
  });
});

const imdbTar = data('imdb', 'aclImdb_v1_labeled.tar.gz');
describe.skipIf(!existsSync(imdbTar))(`the real IMDB archive${existsSync(imdbTar) ? '' : ` (skipped: ${imdbTar} is missing)`}`, () => {
  it('holds 25,000 train and 25,000 test reviews, half positive, with the known first reviews', () => {
    const { train, test } = parseImdbArchive(readFileSync(imdbTar));
    expect(train.length).toBe(25_000);
    expect(test.length).toBe(25_000);
    expect(train.filter((r) => r.label === 1).length).toBe(12_500);
    const bromwell = train.find((r) => r.label === 1 && r.id === 0);
    expect(bromwell?.text.startsWith('Bromwell High is a cartoon comedy')).toBe(true);
    expect(bromwell?.rating).toBe(9);
    const costner = test.find((r) => r.label === 0 && r.id === 0);
    expect(costner?.text.startsWith('Once again Mr. Costner has dragged out a movie')).toBe(true);
    for (const r of train.slice(0, 200)) expect(r.label === 1 ? r.rating >= 7 : r.rating <= 4).toBe(true);
  });
});

const sentences = data('imdb', 'imdb_labelled.txt');
describe.skipIf(!existsSync(sentences))(`the UCI IMDB sentences${existsSync(sentences) ? '' : ' (skipped: file missing)'}`, () => {
  it('holds 1,000 sentences, 500 of each label', () => {
    const rows = parseLabelledSentences(readFileSync(sentences, 'utf8'));
    expect(rows.length).toBe(1000);
    expect(rows.filter((r) => r.label === 1).length).toBe(500);
  });
});

const jpn = data('ja-en', 'jpn.txt');
describe.skipIf(!existsSync(jpn))(`the JA-EN pairs${existsSync(jpn) ? '' : ' (skipped: file missing)'}`, () => {
  it('holds 44,917 pairs starting with Go. / 行け。', () => {
    const pairs = parseJaEnPairs(readFileSync(jpn, 'utf8'));
    expect(pairs.length).toBe(44_917);
    expect(pairs[0]).toEqual({ english: 'Go.', japanese: '行け。' });
    expect(pairs[2]).toEqual({ english: 'Hi.', japanese: 'こんにちは。' });
  });
});
