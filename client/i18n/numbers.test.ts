import { describe, expect, it } from 'vitest';
import { localNumbers } from './numbers.ts';
import { Translator } from './translator.ts';

describe('numbers in sentences', () => {
  it('[LANG8] a count is written as the reader’s locale writes it, and still picks its plural form', () => {
    const i18n = new Translator({
      language: 'en',
      format: localNumbers,
      resources: {
        en: {
          translation: {
            people_one: '{{count}} person',
            people_other: '{{count}} people',
            t: 'Table {{n}}: {{name}}',
          },
        },
        bn: { translation: { people_one: '{{count}} জন', people_other: '{{count}} জন' } },
        pl: {
          translation: {
            people_one: '{{count}} osoba',
            people_few: '{{count}} osoby',
            people_many: '{{count}} osób',
            people_other: '{{count}} osoby',
          },
        },
      },
    });
    expect(i18n.translate('people', { count: 1 })).toBe('1 person');
    expect(i18n.translate('people', { count: 1250 })).toBe('1,250 people');
    expect(i18n.translate('t', { n: 3, name: 'Parks' })).toBe('Table 3: Parks');
    expect(i18n.translate('people', { lng: 'bn', count: 1250 })).toBe('১,২৫০ জন');
    expect(i18n.translate('people', { lng: 'pl', count: 22 })).toBe('22 osoby');
    expect(i18n.translate('people', { lng: 'pl', count: 25 })).toBe('25 osób');
    // A value left out stays visibly missing rather than becoming the word "undefined".
    expect(i18n.translate('t', { n: 3 })).toBe('Table 3: {{name}}');
  });
});
