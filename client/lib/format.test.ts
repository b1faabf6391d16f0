import { describe, expect, it } from 'vitest';
import { formatInstant, formatLocalDateTime } from './format.ts';

describe('[HALL5] dates in the reader’s locale', () => {
  it('English is written the British way, not the US way', () => {
    expect(formatLocalDateTime('2026-12-03T18:30', 'en')).toBe('3 Dec 2026, 18:30');
    expect(formatLocalDateTime('2026-12-03T18:30', 'en')).not.toMatch(/Dec 3|PM/);
  });

  it('Bengali is written with Bengali month names', () => {
    const text = formatInstant(new Date(2026, 11, 3, 18, 30).toISOString(), 'bn') ?? '';
    expect(text).toMatch(/ডিসে/);
  });
});
