import {
  firstScreenNamespaces,
  languageDir,
  languages,
  pickLanguage,
  type Language,
} from '../../shared/domain/languages.ts';
import { loadLanguage, saveLanguage } from '../lib/storage.ts';
import {
  changeLanguage,
  i18n,
  includeStaffStrings,
  loadNamespaces,
  onLanguageChanged,
  startI18n,
} from './runtime.ts';

/**
 * Every phone: the join and waiting screens, the board ("feedback" serves the optional steps
 * after joining). Loaded before the first screen shows; the server names their files in every
 * page, so they download beside the code (LIGHT8).
 */
const participantNamespaces = [...firstScreenNamespaces];
/**
 * Feature screens keep their strings in catalogues of their own: "voting", "cafe" (phones and
 * projector), "cafeConsole" (the facilitator's café screens), "records", "reach" (the reach
 * report) and "aboutYou" (the optional steps after joining, loaded when they show).
 * The ballots' and the café's strings come with their code (ParticipantView, loadWithStrings).
 */
export type FeatureNamespace = 'voting' | 'cafe';
const staffNamespaces = [
  'voting',
  'cafe',
  'cafeConsole',
  'records',
  'reach',
  'aboutYou',
  'reasons',
];

export const supportedLanguages: readonly Language[] = languages.map((l) => l.code);

function isSupported(code: string | null | undefined): code is Language {
  return !!code && (supportedLanguages as readonly string[]).includes(code);
}

/** Decided as the server decides which catalogues to name in the page (LIGHT8). */
function initialLanguage(): Language {
  return pickLanguage({
    asked: new URLSearchParams(window.location.search).get('lang'),
    stored: loadLanguage(),
    preferred: navigator.languages ?? [navigator.language],
  });
}

function applyToDocument(code: string) {
  document.documentElement.lang = code;
  document.documentElement.dir = languageDir(code);
}

onLanguageChanged((code) => {
  applyToDocument(code);
  if (isSupported(code)) saveLanguage(code);
});

const lng = initialLanguage();
applyToDocument(lng);

/**
 * Resolves once the first screen's strings are here (or could not come); main.tsx renders after
 * it. Bengali has every English string (catalogues.test.ts), so a Bengali phone never downloads
 * the English catalogues as a fallback: there is no fallback language.
 */
export const i18nReady: Promise<void> = startI18n(lng, participantNamespaces);

/** A feature's code and its catalogue, fetched side by side; resolves with the code. */
export async function loadWithStrings<M>(load: () => Promise<M>, ns: FeatureNamespace): Promise<M> {
  const [module] = await Promise.all([load(), loadNamespaces(ns)]);
  return module;
}

/**
 * Refusals' sentences (LANG1), a hundred of them, are kept out of the first screen's download:
 * a phone fetches them once it is in the room (ParticipantView), staff pages with theirs.
 */
export function loadReasonStrings(): void {
  void loadNamespaces('reasons');
}

/** The facilitators' and projector's pages call this before they show (App.tsx). */
export async function loadStaffCatalogues(): Promise<void> {
  await includeStaffStrings();
  await loadNamespaces(staffNamespaces);
}

export function currentLanguage(): Language {
  return isSupported(i18n.language) ? i18n.language : 'en';
}

export function setLanguage(code: Language) {
  // Always asked, even for the language shown: it cancels a change to another still loading.
  void changeLanguage(code);
}

export { isSupported as isSupportedLanguage };
export default i18n;
