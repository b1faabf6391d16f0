import { describe, expect, it } from 'vitest';
import { line, paragraph, storableJson, toStorable } from './text.ts';

describe('text fields', () => {
  it('[TEXT1] single lines are trimmed and bounded; every script is welcome', () => {
    expect(line(10).parse('  Rahim  ')).toBe('Rahim');
    expect(line(40).parse('রহিম আহমেদ')).toBe('রহিম আহমেদ');
    expect(line(40).parse('Ahmed 🙂')).toBe('Ahmed 🙂');
    expect(line(5).safeParse('toolong').success).toBe(false);
    expect(line(10, 1).safeParse('   ').success).toBe(false);
  });

  it('[TEXT2] control and direction-override characters are refused; paragraphs keep newlines', () => {
    expect(line(20).safeParse('a\nb').success).toBe(false);
    expect(line(20).safeParse('abc\u202Edef').success).toBe(false);
    expect(line(20).safeParse('a\u0000b').success).toBe(false);
    expect(paragraph(50).parse('first line\nsecond line')).toBe('first line\nsecond line');
    expect(paragraph(50).safeParse('a\u0007b').success).toBe(false);
  });

  it('[SEC13] half a surrogate pair is refused in every text field; whole pairs (emoji) are welcome', () => {
    for (const schema of [line(40), paragraph(40)]) {
      expect(schema.safeParse('caf\u00e9\udcc0').success).toBe(false);
      expect(schema.safeParse('\ud83d alone').success).toBe(false);
      expect(schema.parse('café 🙂 রহিম')).toBe('café 🙂 রহিম');
    }
  });

  it('[SEC12] text no schema checked is made storable: NUL and half pairs become U+FFFD', () => {
    expect(toStorable('a\u0000b\udcc0c 🙂')).toBe('a\uFFFDb\uFFFDc 🙂');
    expect(storableJson({ rounds: [{ text: 'x\u0000' }], n: 3 })).toEqual({
      rounds: [{ text: 'x\uFFFD' }],
      n: 3,
    });
  });
});
