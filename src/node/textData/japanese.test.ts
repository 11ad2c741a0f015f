import { describe, expect, it } from 'vitest';
import { segmentJapanese } from './japanese';

describe('segmentJapanese (kuromoji)', () => {
  it('splits Japanese into space-separated words, as the tutorial’s pre-segmented text', async () => {
    expect(await segmentJapanese(['行け。', '私は学生です。', 'ホームズは答えた'])).toEqual([
      '行け 。',
      '私 は 学生 です 。',
      'ホームズ は 答え た',
    ]);
  });

  it('drops whitespace, which separates words and is none', async () => {
    expect(await segmentJapanese(['走れ　走れ '])).toEqual(['走れ 走れ']);
  });
});
