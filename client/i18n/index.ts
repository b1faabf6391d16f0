import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { languageDir, languages, type Language } from '../../shared/domain/languages.ts';
import { loadLanguage, saveLanguage } from '../lib/storage.ts';
import bn from './bn.json';
import en from './en.json';
import votingBn from './voting.bn.json';
import votingEn from './voting.en.json';
import cafeBn from './cafe.bn.json';
import cafeEn from './cafe.en.json';
import cafeConsoleBn from './cafeConsole.bn.json';
import cafeConsoleEn from './cafeConsole.en.json';
import recordsBn from './records.bn.json';
import recordsEn from './records.en.json';
import feedbackBn from './feedback.bn.json';
import feedbackEn from './feedback.en.json';
import reachBn from './reach.bn.json';
import reachEn from './reach.en.json';

export const supportedLanguages: readonly Language[] = languages.map((l) => l.code);

function isSupported(code: string | null | undefined): code is Language {
  return !!code && (supportedLanguages as readonly string[]).includes(code);
}

/** A remembered choice wins; otherwise the phone's own language if we have it; otherwise English. */
function initialLanguage(): Language {
  const stored = loadLanguage();
  if (isSupported(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isSupported(base)) return base;
  }
  return 'en';
}

function applyToDocument(code: string) {
  document.documentElement.lang = code;
  document.documentElement.dir = languageDir(code);
}

const lng = initialLanguage();
applyToDocument(lng);

void i18n.use(initReactI18next).init({
  // Feature screens keep their strings in catalogues of their own: "voting", "cafe" (phones and
  // projector) and "cafeConsole" (the facilitator's café screens).
  resources: {
    en: {
      translation: en,
      voting: votingEn,
      cafe: cafeEn,
      cafeConsole: cafeConsoleEn,
      records: recordsEn,
      feedback: feedbackEn,
      reach: reachEn,
    },
    bn: {
      translation: bn,
      voting: votingBn,
      cafe: cafeBn,
      cafeConsole: cafeConsoleBn,
      records: recordsBn,
      feedback: feedbackBn,
      reach: reachBn,
    },
  },
  ns: ['translation', 'voting', 'cafe', 'cafeConsole', 'records', 'feedback', 'reach'],
  defaultNS: 'translation',
  lng,
  fallbackLng: 'en',
  supportedLngs: [...supportedLanguages],
  // React escapes text itself; escaping twice would show "&amp;" in titles.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

i18n.on('languageChanged', (code) => {
  applyToDocument(code);
  if (isSupported(code)) saveLanguage(code);
});

export function currentLanguage(): Language {
  return isSupported(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

export function setLanguage(code: Language) {
  if (i18n.language !== code) void i18n.changeLanguage(code);
}

export { isSupported as isSupportedLanguage };
export default i18n;
