import { describe, expect, it } from 'vitest';
import { deadline } from './byWhen.ts';

describe('[HALL5] a commitment’s deadline reads once', () => {
  it('drops the "by" people type, since the sentence adds its own', () => {
    expect(deadline('by March 2027')).toBe('March 2027');
    expect(deadline('By the end of 2027')).toBe('the end of 2027');
    expect(deadline('March 2027')).toBe('March 2027');
    expect(deadline('Bywater Road opening')).toBe('Bywater Road opening');
  });
});
