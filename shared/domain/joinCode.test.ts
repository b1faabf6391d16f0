import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  JOIN_CODE_ALPHABET,
  formatJoinCode,
  generateJoinCode,
  isJoinCode,
  normalizeJoinCode,
} from './joinCode.ts';

describe('join codes', () => {
  it('[JOIN1] a join code never contains 0, O, 1, I or L, nor other look-alikes', () => {
    for (const c of '0O1IL5S2Z8BUVQD') expect(JOIN_CODE_ALPHABET).not.toContain(c);
    for (let i = 0; i < 2000; i++) {
      const code = generateJoinCode((n) => randomBytes(n));
      expect(code).toMatch(/^[ACEFGHJKMNPRTWXY34679]{6}$/);
      expect(isJoinCode(code)).toBe(true);
    }
  });

  it('[JOIN1] every character of the alphabet is drawn about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      for (const c of generateJoinCode((n) => randomBytes(n)))
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const expected = (5000 * 6) / JOIN_CODE_ALPHABET.length;
    expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });

  it('[JOIN2] case, spaces and dashes in what a person types do not matter', () => {
    expect(normalizeJoinCode(' ace-479 ')).toBe('ACE479');
    expect(normalizeJoinCode('ac e4 79')).toBe('ACE479');
    expect(isJoinCode(normalizeJoinCode('ace 479'))).toBe(true);
    expect(isJoinCode('ACE47')).toBe(false);
    expect(isJoinCode('ACE470')).toBe(false);
    expect(formatJoinCode('ACE479')).toBe('ACE 479');
  });
});
