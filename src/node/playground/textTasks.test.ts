import { describe, expect, it } from 'vitest';
import { hasSharedFile, sharedFile } from '../../../test/dataDirs';
import { findDataset } from '../../engine/datasets';
import { ALICE_NEXT_WORD_TEXT, IMDB_TEXT, JA_EN_TEXT, type TextDatasetSpec } from '../../engine/textDatasets';
import { textTaskSamples, type WordIds } from '../textData';
import { encodeReview, generateText, translate, type PredictIds } from './textTasks';

const spec = (id: string) => findDataset(id) as TextDatasetSpec;
const ALICE = 'alice/11-0.txt';
const JA_EN = 'ja-en/jpn.txt';

/** A "model" that always puts all its mass on one id, recording what it was fed. */
function certain(id: number, size: number, fed: Int32Array[][]): PredictIds {
  return async (inputs) => {
    fed.push(inputs.map((x) => x.slice()));
    const p = new Float32Array(size);
    p[id] = 1;
    return p;
  };
}

describe.skipIf(!hasSharedFile(ALICE))('generateText on the Alice vocabulary (needs ../shared/datasets/alice)', () => {
  it('feeds the known seed ids padded to maxlen, appends the predicted word each step and reports unknown seed words', async () => {
    const samples = await textTaskSamples(spec('alice-next-word'), sharedFile(ALICE), 'train');
    const words = samples.vocabularies.words!;
    const adventures = words.ids.get('adventures')!;
    const fed: Int32Array[][] = [];
    const result = await generateText(certain(adventures, ALICE_NEXT_WORD_TEXT.vocabulary, fed), words, "Alice's zyzzyva", 3, { decoding: 'argmax', temperature: 1 });
    expect(result.text).toBe("alice's zyzzyva adventures adventures adventures");
    expect(result.unknown).toEqual(['zyzzyva']);
    expect(fed).toHaveLength(3);
    const first = Array.from(fed[0]![0]!);
    expect(first).toHaveLength(ALICE_NEXT_WORD_TEXT.maxlen);
    expect(first.slice(-1)).toEqual([words.ids.get("alice's")]);
    expect(first.slice(0, -1).every((id) => id === 0)).toBe(true);
    expect(Array.from(fed[2]![0]!).slice(-3)).toEqual([words.ids.get("alice's"), adventures, adventures]);
  });
});

describe.skipIf(!hasSharedFile(JA_EN))('translate on the ja-en vocabularies (needs ../shared/datasets/ja-en)', () => {
  it('segments with kuromoji, starts the decoder at gos and stops at eos', async () => {
    const samples = await textTaskSamples(spec('ja-en'), sharedFile(JA_EN), 'train');
    const japanese = samples.vocabularies.japanese!;
    const english = samples.vocabularies.next_word!;
    const go = english.ids.get('go')!;
    const eos = english.ids.get('eos')!;
    const fed: Int32Array[][] = [];
    let step = 0;
    const predict: PredictIds = async (inputs) => {
      fed.push(inputs.map((x) => x.slice()));
      const p = new Float32Array(JA_EN_TEXT.enVocabulary);
      p[step++ === 0 ? go : eos] = 1;
      return p;
    };
    const result = await translate(predict, { japanese, english }, '行け。', 10, { decoding: 'argmax', temperature: 1 });
    expect(result.segmented).toBe('行け 。');
    expect(result.english).toBe('go');
    expect(result.ended).toBe(true);
    expect(fed).toHaveLength(2);
    const [encoder, decoder] = fed[1]!;
    expect(Array.from(encoder!).slice(-1)).toEqual([japanese.ids.get('行け')]);
    expect(Array.from(decoder!)).toEqual([0, english.ids.get('gos'), go]);
  });
});

describe('encodeReview', () => {
  const vocabulary: WordIds = { words: [], ids: new Map([['great', 3 + 1], ['movie', 3 + 2]]) };
  it('starts with 1, maps words to rank + 3 and unknown ones to 2, padded at the front to 140', () => {
    const { words, ids } = encodeReview('A great <br />movie!', vocabulary);
    expect(words.map((w) => w.id)).toEqual([null, 4, 5]);
    expect(ids).toHaveLength(IMDB_TEXT.maxlen);
    expect(Array.from(ids.slice(-4))).toEqual([1, 2, 4, 5]);
    expect(ids[IMDB_TEXT.maxlen - 5]).toBe(0);
  });
});
