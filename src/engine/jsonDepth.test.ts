import { describe, expect, it } from 'vitest';
import { jsonNestingDepth } from './jsonDepth';

describe('jsonNestingDepth', () => {
  it('counts the deepest nesting of objects and arrays', () => {
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonNestingDepth(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBe(200_000);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(jsonNestingDepth('["\\"[[[", "\\\\"]')).toBe(1);
  });

  it('stops counting once past the limit', () => {
    expect(jsonNestingDepth('[[[[[[[[]]]]]]]]', 3)).toBe(4);
  });
});
