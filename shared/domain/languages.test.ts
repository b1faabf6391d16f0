import { describe, expect, it } from 'vitest';
import { catalogueFile, pickLanguage } from './languages.ts';

describe('the language a page shows', () => {
  it('[LIGHT8] the address wins, then the remembered choice, then the browser, then English', () => {
    const preferred = ['fr-FR', 'bn-BD', 'en-GB'];
    expect(pickLanguage({ asked: 'en', stored: 'bn', preferred })).toBe('en');
    expect(pickLanguage({ asked: 'xx', stored: 'bn', preferred: ['en'] })).toBe('bn');
    expect(pickLanguage({ asked: null, stored: 'klingon', preferred })).toBe('bn');
    expect(pickLanguage({ asked: undefined, stored: null, preferred: ['EN-us'] })).toBe('en');
    expect(pickLanguage({ asked: null, stored: null, preferred: ['fr', 'de'] })).toBe('en');
  });

  it("[LIGHT8] a catalogue's file is named as client/i18n names it", () => {
    expect(catalogueFile('bn', 'translation')).toBe('bn.json');
    expect(catalogueFile('en', 'feedback')).toBe('feedback.en.json');
  });
});
