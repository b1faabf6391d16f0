import { describe, expect, it } from 'vitest';
import { langOf, say, written } from './facilitatorText.ts';

const book = {
  language: 'en' as const,
  translations: { bn: { 'Parks and play': 'পার্ক ও খেলা', Housing: 'আবাসন' } },
};

describe('facilitator text in the reader’s language', () => {
  it('[LANG11] gives the translation of the exact original, in the reader’s language', () => {
    expect(say('Housing', book, 'bn')).toEqual({ text: 'আবাসন', lang: 'bn' });
    expect(written('Housing', book, 'bn')).toEqual({ children: 'আবাসন', lang: undefined });
  });

  it('[LANG11] shows the original, marked with the workshop’s language, where none is given', () => {
    expect(say('Transport', book, 'bn')).toEqual({ text: 'Transport', lang: 'en' });
    expect(written('Transport', book, 'bn')).toEqual({ children: 'Transport', lang: 'en' });
    // An original edited since it was translated is another text: the old translation is not shown.
    expect(say('Housing!', book, 'bn').text).toBe('Housing!');
    expect(say('Housing', book, 'pl')).toEqual({ text: 'Housing', lang: 'en' });
  });

  it('[LANG11] says nothing of the language where the reader reads the workshop’s own', () => {
    expect(written('Housing', book, 'en')).toEqual({ children: 'Housing', lang: undefined });
    const bengaliWorkshop = { language: 'bn' as const, translations: {} };
    expect(written('আবাসন', bengaliWorkshop, 'bn').lang).toBeUndefined();
    expect(written('আবাসন', bengaliWorkshop, 'en').lang).toBe('bn');
  });

  it('[LANG11] finds no translation in what every object has', () => {
    expect(say('constructor', book, 'bn')).toEqual({ text: 'constructor', lang: 'en' });
    expect(say('toString', book, 'bn').text).toBe('toString');
  });

  it('[LANG11] without a workshop (not yet loaded) shows the text as it is', () => {
    expect(written('Housing', null, 'bn')).toEqual({ children: 'Housing', lang: undefined });
    expect(langOf({ text: 'x', lang: 'bn' }, 'bn')).toBeUndefined();
  });
});
