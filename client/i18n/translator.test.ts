import { describe, expect, it } from 'vitest';
import { localNumbers } from './numbers.ts';
import { Translator, type Resources } from './translator.ts';

const resources: Resources = {
  en: {
    translation: {
      hello: 'Hello, {{name}}',
      pair: '{{a}} and {{ b }}',
      spaced: '{{count}} of {{total}}',
      empty: '',
      nested: { deeper: { line: 'Deep' } },
      notes_one: '{{count}} note',
      notes_other: '{{count}} notes',
      dots_zero: 'No dots left',
      dots_one: '{{count}} dot left',
      dots_other: '{{count}} dots left',
      place_ordinal_one: '{{count}}st',
      place_ordinal_two: '{{count}}nd',
      place_ordinal_few: '{{count}}rd',
      place_ordinal_other: '{{count}}th',
      round_one: 'Round {{count}} (one)',
      round_other: 'Round {{count}}',
      plain: 'No plural forms: {{count}}',
    },
    voting: { title: 'Vote', left_one: '{{count}} vote left', left_other: '{{count}} votes left' },
  },
  pl: {
    translation: {
      notes_one: '{{count}} notatka',
      notes_few: '{{count}} notatki',
      notes_many: '{{count}} notatek',
      notes_other: '{{count}} notatki',
    },
  },
  ar: {
    translation: {
      notes_zero: 'لا ملاحظات',
      notes_one: 'ملاحظة واحدة',
      notes_two: 'ملاحظتان',
      notes_few: '{{count}} ملاحظات',
      notes_many: '{{count}} ملاحظة',
      notes_other: '{{count}} ملاحظة (other)',
    },
  },
  bn: { translation: { notes_one: '{{count}}টি নোট', notes_other: '{{count}}টি নোট' } },
};

const make = (language = 'en') => new Translator({ language, resources, format: localNumbers });

describe('the translator', () => {
  it('fills placeholders, leaves an unnamed one visible and an undefined one empty', () => {
    const i18n = make();
    expect(i18n.translate('hello', { name: 'Amina' })).toBe('Hello, Amina');
    expect(i18n.translate('pair', { a: 'Parks', b: 'Youth' })).toBe('Parks and Youth');
    expect(i18n.translate('hello')).toBe('Hello, {{name}}');
    expect(i18n.translate('hello', { name: undefined })).toBe('Hello, ');
    expect(i18n.translate('hello', { name: null })).toBe('Hello, ');
    expect(i18n.translate('nested.deeper.line')).toBe('Deep');
  });

  it('never escapes a value, nor reads placeholders inside one (React escapes; people type braces)', () => {
    const i18n = make();
    expect(i18n.translate('hello', { name: '<b>Tom & Jerry</b>' })).toBe(
      'Hello, <b>Tom & Jerry</b>',
    );
    expect(i18n.translate('pair', { a: '{{b}}', b: 'x' })).toBe('{{b}} and x');
  });

  it('[LANG8] writes every number in the reader’s digits: Bengali, Arabic, Polish grouping', () => {
    const i18n = make();
    expect(i18n.translate('spaced', { count: 1250, total: 2500 })).toBe('1,250 of 2,500');
    expect(i18n.translate('notes', { lng: 'bn', count: 1250 })).toBe('১,২৫০টি নোট');
    expect(i18n.translate('notes', { lng: 'bn', count: 3 })).toBe('৩টি নোট');
    const arabic = new Intl.NumberFormat('ar', { maximumFractionDigits: 1 }).format(1250);
    // 1,250 takes Arabic's "many" form (n % 100 in 11…99).
    expect(i18n.translate('notes', { lng: 'ar', count: 1250 })).toBe(`${arabic} ملاحظة`);
    expect(i18n.translate('notes', { lng: 'pl', count: 1250 })).toBe(
      `${new Intl.NumberFormat('pl-PL').format(1250)} notatek`,
    );
    // Numbers as text (a code, a join code) are the caller's: left exactly as given.
    expect(i18n.translate('hello', { name: '0042' })).toBe('Hello, 0042');
  });

  it('chooses English, Polish and Arabic plural forms with Intl.PluralRules', () => {
    const i18n = make();
    expect(i18n.translate('notes', { count: 1 })).toBe('1 note');
    expect(i18n.translate('notes', { count: 2 })).toBe('2 notes');
    const pl = (count: number) => i18n.translate('notes', { lng: 'pl', count });
    expect([1, 2, 5, 22, 25, 112].map(pl)).toEqual([
      '1 notatka',
      '2 notatki',
      '5 notatek',
      '22 notatki',
      '25 notatek',
      '112 notatek',
    ]);
    expect(pl(1.5)).toBe('1,5 notatki');
    const ar = (count: number) => i18n.translate('notes', { lng: 'ar', count });
    const digits = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect([0, 1, 2, 3, 11, 100].map(ar)).toEqual([
      'لا ملاحظات',
      'ملاحظة واحدة',
      'ملاحظتان',
      `${digits(3)} ملاحظات`,
      `${digits(11)} ملاحظة`,
      `${digits(100)} ملاحظة (other)`,
    ]);
  });

  it('says `_zero` for a count of 0 in any language when there is one, else the language’s form', () => {
    const i18n = make();
    expect(i18n.translate('dots', { count: 0 })).toBe('No dots left');
    expect(i18n.translate('dots', { count: 1 })).toBe('1 dot left');
    expect(i18n.translate('notes', { count: 0 })).toBe('0 notes');
    // An ordinal has no zero form of its own.
    expect(i18n.translate('place', { count: 0, ordinal: true })).toBe('0th');
  });

  it('says ordinals from `_ordinal_` forms, falling back to the cardinal-named form', () => {
    const i18n = make();
    const place = (count: number) => i18n.translate('place', { count, ordinal: true });
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(place)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ]);
    expect(i18n.translate('round', { count: 1, ordinal: true })).toBe('Round 1 (one)');
    expect(i18n.translate('round', { count: 4, ordinal: true })).toBe('Round 4');
    // English "2nd" is the ordinal "two", which this key has in neither form: the key, as i18next.
    expect(i18n.translate('round', { count: 2, ordinal: true })).toBe('round');
  });

  it('takes a count for a sentence with no plural forms', () => {
    expect(make().translate('plain', { count: 3 })).toBe('No plural forms: 3');
  });

  it('says a missing key as the key, or its default (interpolated; an empty one is kept)', () => {
    const i18n = make();
    expect(i18n.translate('no.such.key')).toBe('no.such.key');
    expect(i18n.translate('voting:no.such')).toBe('no.such');
    expect(i18n.translate('no.such', { defaultValue: 'Fallback {{n}}', n: 2 })).toBe('Fallback 2');
    expect(i18n.translate('no.such', { defaultValue: '' })).toBe('');
    expect(i18n.translate('empty', { defaultValue: 'unused' })).toBe('');
    // A path to a group of strings is not a string.
    expect(i18n.translate('nested.deeper')).toBe('nested.deeper');
    expect(i18n.translate('nested.deeper', { defaultValue: 'd' })).toBe('d');
    expect(i18n.translate('hello.toString')).toBe('hello.toString');
    expect(i18n.translate('constructor')).toBe('constructor');
    // A namespace or a language not loaded says its keys.
    expect(i18n.translate('title', { ns: 'cafe' })).toBe('title');
    expect(i18n.translate('hello', { lng: 'so' })).toBe('hello');
  });

  it('finds a key in the namespace named by prefix, option or fixed t, in that order', () => {
    const i18n = make();
    expect(i18n.translate('voting:title')).toBe('Vote');
    expect(i18n.translate('title', { ns: 'voting' })).toBe('Vote');
    const t = i18n.getFixedT(null, 'voting');
    expect(t('title')).toBe('Vote');
    expect(t('left', { count: 1 })).toBe('1 vote left');
    expect(t('hello', { ns: 'translation', name: 'Ana' })).toBe('Hello, Ana');
    expect(t('translation:hello', { name: 'Ana' })).toBe('Hello, Ana');
    expect(i18n.getFixedT('bn')('notes', { count: 2 })).toBe('২টি নোট');
  });

  it('follows a change of language, unless a t was fixed to one', () => {
    const i18n = make();
    const t = i18n.getFixedT(null);
    const english = i18n.getFixedT('en');
    expect(t('notes', { count: 2 })).toBe('2 notes');
    i18n.language = 'pl';
    expect(t('notes', { count: 5 })).toBe('5 notatek');
    expect(english('notes', { count: 5 })).toBe('5 notes');
    i18n.add('pl', 'translation', { notes_other: 'zmienione' });
    expect(t('notes', { count: 1.5 })).toBe('zmienione');
    expect(i18n.has('pl', 'translation')).toBe(true);
    expect(i18n.has('pl', 'voting')).toBe(false);
  });

  it('writes numbers as given when no format is passed (unit tests of screens)', () => {
    const plain = new Translator({ language: 'bn', resources });
    expect(plain.translate('notes', { count: 1250 })).toBe('1250টি নোট');
  });
});
