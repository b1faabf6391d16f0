import { describe, expect, it } from 'vitest';
import {
  applyChange,
  applyDelta,
  diffText,
  limitChange,
  mapChange,
  mapPosition,
  type Delta,
} from './textDiff.ts';

// The tablecloth textarea and its shared text (CAFE11): local typing becomes one replace, remote
// edits move the caret the way a reader expects, and nothing splits an emoji or passes the limit.

describe('diffText', () => {
  it('finds a plain insertion, deletion and replacement', () => {
    expect(diffText('helo', 'hello', 4)).toEqual({ index: 3, remove: 0, insert: 'l' });
    expect(diffText('hello', 'helo', 3)).toEqual({ index: 3, remove: 1, insert: '' });
    expect(diffText('the red door', 'the blue door', 8)).toEqual({
      index: 4,
      remove: 3,
      insert: 'blue',
    });
    expect(diffText('same', 'same')).toBeNull();
  });

  it('uses the caret to place an edit among repeated letters', () => {
    // "aa" -> "aaa" with the caret after the first letter: the "a" was typed at the start.
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    // Without the caret the common start wins and the letter lands at the end.
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
    // Backspace in "abab|ab": the caret says which "ab" went.
    expect(diffText('ababab', 'abab', 2)).toEqual({ index: 2, remove: 2, insert: '' });
  });

  it('never cuts a surrogate pair', () => {
    const before = 'tea 😀 now';
    const after = 'tea 😃 now';
    const change = diffText(before, after, 6)!;
    expect(change.index).toBe(4);
    expect(change.insert).toBe('😃');
    expect(applyChange(before, change)).toBe(after);
  });

  it('round-trips random edits', () => {
    const letters = 'ab ক্ষ😀\n';
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const before = Array.from({ length: rand(12) }, () => letters[rand(letters.length)]).join('');
      const at = rand(before.length + 1);
      const cut = rand(before.length - at + 1);
      const typed = Array.from({ length: rand(4) }, () => letters[rand(letters.length)]).join('');
      const after = before.slice(0, at) + typed + before.slice(at + cut);
      const change = diffText(before, after, at + typed.length);
      expect(change ? applyChange(before, change) : before).toBe(after);
    }
  });
});

describe('mapPosition', () => {
  const text = 'Parks and libraries';

  it('moves a caret after text inserted before it and not after text inserted after it', () => {
    const early: Delta = [{ insert: 'Safe ' }];
    expect(applyDelta(text, early)).toBe('Safe Parks and libraries');
    expect(mapPosition(6, early)).toBe(11);
    const late: Delta = [{ retain: 10 }, { insert: 'new ' }];
    expect(mapPosition(6, late)).toBe(6);
  });

  it('keeps a caret after text a tablemate typed at the same spot, or before it if asked', () => {
    const same: Delta = [{ retain: 6 }, { insert: 'XY' }];
    expect(mapPosition(6, same, 'after')).toBe(8);
    expect(mapPosition(6, same, 'before')).toBe(6);
  });

  it('collapses a caret inside deleted text to where the deletion was', () => {
    const cut: Delta = [{ retain: 5 }, { delete: 4 }];
    expect(applyDelta(text, cut)).toBe('Parks libraries');
    expect(mapPosition(7, cut)).toBe(5);
    expect(mapPosition(12, cut)).toBe(8);
    expect(mapPosition(3, cut)).toBe(3);
  });

  it('handles a replacement (delete then insert) before the caret', () => {
    const swap: Delta = [{ delete: 5 }, { insert: 'Gardens' }];
    expect(applyDelta(text, swap)).toBe('Gardens and libraries');
    expect(mapPosition(10, swap)).toBe(12);
  });
});

describe('mapChange', () => {
  it('moves a word typed during a composition past what others wrote meanwhile', () => {
    const base = 'We need benches';
    // I typed " now" at the end while a tablemate put "more " before "benches".
    const mine = diffText(base, 'We need benches now', 19)!;
    const theirs: Delta = [{ retain: 8 }, { insert: 'more ' }];
    const shared = applyDelta(base, theirs);
    const moved = mapChange(mine, [theirs]);
    expect(applyChange(shared, moved)).toBe('We need more benches now');
  });

  it('shrinks a replaced range that others deleted part of', () => {
    const base = 'one two three';
    const mine = { index: 4, remove: 9, insert: '2 3' }; // "two three" -> "2 3"
    const theirs: Delta = [{ retain: 3 }, { delete: 4 }]; // " two" gone
    const shared = applyDelta(base, theirs);
    expect(shared).toBe('one three');
    const moved = mapChange(mine, [theirs]);
    expect(applyChange(shared, moved)).toBe('one2 3');
  });

  it('applies several deltas in order', () => {
    const base = 'abc';
    const mine = { index: 3, remove: 0, insert: '!' };
    const d1: Delta = [{ insert: 'x' }];
    const d2: Delta = [{ retain: 2 }, { delete: 1 }];
    const shared = applyDelta(applyDelta(base, d1), d2);
    expect(shared).toBe('xac');
    expect(applyChange(shared, mapChange(mine, [d1, d2]))).toBe('xac!');
  });
});

describe('limitChange', () => {
  it('keeps what fits and drops the rest of a paste', () => {
    expect(limitChange({ index: 0, remove: 0, insert: 'abcdef' }, 6, 10)).toEqual({
      index: 0,
      remove: 0,
      insert: 'abcd',
    });
    // Replacing text frees its room.
    expect(limitChange({ index: 0, remove: 3, insert: 'abcdef' }, 10, 10).insert).toBe('abc');
    expect(limitChange({ index: 0, remove: 0, insert: 'x' }, 10, 10).insert).toBe('');
  });

  it('does not leave half an emoji at the cut', () => {
    expect(limitChange({ index: 0, remove: 0, insert: 'a😀' }, 0, 2).insert).toBe('a');
  });
});
