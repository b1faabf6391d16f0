import { describe, expect, it } from 'vitest';
import { byMonth, formatDays, monthName } from './format.ts';
import { distinctValues, filterQuery, filtersFrom, splitMatch, splitTags } from './useRecords.ts';

describe('records helpers', () => {
  it('[REC7] a search excerpt becomes text parts, its « » hits marked, never parsed as HTML', () => {
    expect(splitMatch('more «benches» at the «bus» stops')).toEqual([
      { text: 'more ', hit: false },
      { text: 'benches', hit: true },
      { text: ' at the ', hit: false },
      { text: 'bus', hit: true },
      { text: ' stops', hit: false },
    ]);
    // Markup people wrote stays text; React renders each part as text.
    expect(splitMatch('<img src=x onerror=alert(1)> «park»')).toEqual([
      { text: '<img src=x onerror=alert(1)> ', hit: false },
      { text: 'park', hit: true },
    ]);
    // An unpaired or empty mark is not a hit.
    expect(splitMatch('a « b')).toEqual([{ text: 'a « b', hit: false }]);
    expect(splitMatch('«»x')).toEqual([{ text: 'x', hit: false }]);
    expect(splitMatch('')).toEqual([]);
  });

  it('[REC7] filters travel in the address in a fixed order, empty ones left out', () => {
    expect(filterQuery({ level: 'consult', q: ' park benches ', area: '' })).toBe(
      'q=park+benches&level=consult',
    );
    expect(filtersFrom(new URLSearchParams('status=open&q=bus&x=1&service='))).toEqual({
      q: 'bus',
      status: 'open',
    });
    expect(filterQuery({})).toBe('');
  });

  it('[REC1] topics are typed with commas; blanks and repeats (any case) are dropped', () => {
    expect(splitTags(' parks, young people,, Parks ,food ')).toEqual([
      'parks',
      'young people',
      'food',
    ]);
    expect(splitTags('')).toEqual([]);
    // An Arabic or Urdu keyboard types the Arabic comma.
    expect(splitTags('الحدائق، الشباب،الطعام')).toEqual(['الحدائق', 'الشباب', 'الطعام']);
  });

  it('filter choices are distinct, trimmed and sorted', () => {
    expect(distinctValues(['Poplar', ' Bow', 'poplar', '', 'Bow West'], 'en')).toEqual([
      'Bow',
      'Bow West',
      'Poplar',
    ]);
  });

  it('[REC6] the calendar groups activities by the month they start in, in order', () => {
    const events = [
      { id: 'c', startsOn: '2027-01-20' },
      { id: 'a', startsOn: '2026-11-14' },
      { id: 'b', startsOn: '2026-11-02' },
    ];
    expect(byMonth(events)).toEqual([
      ['2026-11', [events[2], events[1]]],
      ['2027-01', [events[0]]],
    ]);
    expect(monthName('2026-11', 'en')).toBe('November 2026');
  });

  it('dates are calendar days: a range, one day, or none', () => {
    const to = (from: string, until: string) => `${from} to ${until}`;
    expect(formatDays('2026-12-01', '2027-01-31', 'en-GB', to)).toBe('1 Dec 2026 to 31 Jan 2027');
    expect(formatDays('2026-12-01', '2026-12-01', 'en-GB', to)).toBe('1 Dec 2026');
    expect(formatDays(null, null, 'en-GB', to)).toBeNull();
  });
});
