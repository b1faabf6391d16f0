import { describe, expect, it } from 'vitest';
import { kindAddsToTitle } from './activityTitle.ts';

describe('[HALL5] an activity is named once', () => {
  it('a title that already names the kind is not prefixed with it again', () => {
    expect(kindAddsToTitle('World Café', 'World Café')).toBe(false);
    expect(kindAddsToTitle('World Café', 'World cafe: our high street')).toBe(false);
    expect(kindAddsToTitle('Dot vote', 'Pick your priorities')).toBe(true);
    expect(kindAddsToTitle('ওয়ার্ল্ড ক্যাফে', 'World Café')).toBe(true);
  });
});
