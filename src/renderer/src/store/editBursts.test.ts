import { describe, expect, it } from 'vitest';
import { createEditBursts } from './editBursts';

describe('edit bursts', () => {
  it('records the first edit of a burst only, and again after a quiet gap', () => {
    let t = 0;
    const bursts = createEditBursts(400, () => t);
    const recorded: string[] = [];
    const record = bursts.wrap((s: string) => recorded.push(s));
    record('a');
    t = 100;
    record('b');
    t = 450;
    record('c');
    t = 1000;
    record('d');
    expect(recorded).toEqual(['a', 'd']);
  });

  it('starts a new burst immediately after end()', () => {
    let t = 0;
    const bursts = createEditBursts(400, () => t);
    const recorded: string[] = [];
    const record = bursts.wrap((s: string) => recorded.push(s));
    record('before undo');
    bursts.end();
    t = 50;
    record('after undo');
    expect(recorded).toEqual(['before undo', 'after undo']);
  });
});
