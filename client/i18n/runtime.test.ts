import { describe, expect, it } from 'vitest';
import ar from './ar.json';
import bn from './bn.json';
import staffBn from './staff.bn.json';
import staffPl from './staff.pl.json';
import votingAr from './voting.ar.json';
import votingBn from './voting.bn.json';
import {
  changeLanguage,
  fixedT,
  hasLoadedNamespace,
  i18n,
  includeStaffStrings,
  loadNamespaces,
  onLanguageChanged,
  snapshot,
  startI18n,
  subscribe,
} from './runtime.ts';

// One page's life, in order: the runtime is the page's one translator, so these steps share it.
describe('the page’s catalogues and language', () => {
  const heard: string[] = [];
  onLanguageChanged((code) => heard.push(code));

  it('starts in a language with the first screen’s namespaces, and says so', async () => {
    const before = snapshot();
    await startI18n('bn', ['translation', 'feedback']);
    expect(heard).toEqual(['bn']);
    expect(snapshot()).toBeGreaterThan(before);
    expect(i18n.language).toBe('bn');
    expect(hasLoadedNamespace('translation')).toBe(true);
    expect(hasLoadedNamespace('voting')).toBe(false);
    expect(fixedT()('language.label')).toBe(bn.language.label);
    // Staff strings are not on a phone.
    expect(fixedT()('nav.signOut')).toBe('nav.signOut');
  });

  it('loads a namespace on demand and tells subscribers', async () => {
    let told = 0;
    const unsubscribe = subscribe(() => (told += 1));
    await loadNamespaces('voting');
    unsubscribe();
    expect(told).toBeGreaterThan(0);
    expect(hasLoadedNamespace('voting')).toBe(true);
    expect(fixedT('voting')('results.heading')).toBe(votingBn.results.heading);
    expect(fixedT()('voting:results.heading')).toBe(votingBn.results.heading);
    expect(i18n.t('results.heading', { ns: 'voting' })).toBe(votingBn.results.heading);
  });

  it('merges the staff strings into the default namespace once a staff page asks', async () => {
    await includeStaffStrings();
    expect(fixedT()('nav.signOut')).toBe(staffBn.nav.signOut);
    expect(fixedT()('language.label')).toBe(bn.language.label);
  });

  it('changes language only once every namespace asked for is here in the new one', async () => {
    const t = fixedT();
    const changing = changeLanguage('ar');
    expect(i18n.language).toBe('bn');
    await changing;
    expect(i18n.language).toBe('ar');
    expect(heard).toEqual(['bn', 'ar']);
    for (const ns of ['translation', 'feedback', 'voting'])
      expect(i18n.hasResourceBundle('ar', ns), ns).toBe(true);
    expect(hasLoadedNamespace('voting')).toBe(true);
    // A new t for a new language (memos and effects that list it run again), speaking it.
    expect(fixedT()).not.toBe(t);
    expect(fixedT()('language.label')).toBe(ar.language.label);
    expect(fixedT('voting')('results.heading')).toBe(votingAr.results.heading);
    expect(fixedT()('nav.signOut')).not.toBe('nav.signOut');
  });

  it('of several quick changes, keeps the last one asked for', async () => {
    await Promise.all([changeLanguage('pl'), changeLanguage('en'), changeLanguage('ar')]);
    expect(i18n.language).toBe('ar');
    expect(heard).toEqual(['bn', 'ar']);
    expect(i18n.hasResourceBundle('pl', 'voting')).toBe(true);
  });

  it('loads other languages’ default strings for the projector, with the staff strings', async () => {
    await i18n.loadLanguages(['pl']);
    expect(i18n.t('nav.signOut', { lng: 'pl' })).toBe(staffPl.nav.signOut);
  });

  it('gives up on a catalogue that does not exist rather than waiting for ever', async () => {
    await loadNamespaces('nothing');
    expect(hasLoadedNamespace('nothing')).toBe(true);
    expect(fixedT('nothing')('a.key')).toBe('a.key');
  });
});
