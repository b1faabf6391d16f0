/// <reference types="vite/client" />
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  catalogueFile,
  firstScreenNamespaces,
  languageDir,
  languages,
  pickLanguage,
  type Language,
} from '../../shared/domain/languages.ts';
import { loadLanguage, saveLanguage } from '../lib/storage.ts';
import { localNumbers } from './numbers.ts';

/**
 * Catalogues load per language, on demand, each its own file: a phone downloads the participant
 * screens' strings in the language it shows, not every language's strings for every screen.
 * Vite turns each JSON file into a hashed chunk (cached for good, see LIGHT4).
 */
type Catalogue = Record<string, unknown>;
const files = import.meta.glob<{ default: Catalogue }>('./*.json');
const fileOf = (lng: string, ns: string) => `./${catalogueFile(lng, ns)}`;

/**
 * The default namespace comes in two files: what phones show (`en.json`) and what only the staff
 * screens show (`staff.en.json`, the console, editor and sign-in strings), merged into one
 * namespace once a staff page has loaded, so their `t()` calls need no namespace of their own.
 */
let withStaffStrings = false;

async function readCatalogue(lng: string, ns: string): Promise<Catalogue> {
  const load = files[fileOf(lng, ns)];
  if (!load) throw new Error(`no ${ns} catalogue for ${lng}`);
  const own = (await load()).default;
  const staff = files[fileOf(lng, 'staff')];
  if (ns !== 'translation' || !withStaffStrings || !staff) return own;
  return { ...(await staff()).default, ...own };
}

const catalogues: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(lng, ns, done) {
    readCatalogue(lng, ns).then(
      (catalogue) => done(null, catalogue),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

/**
 * Every phone: the join and waiting screens, the board ("feedback" serves the optional steps
 * after joining). Loaded before the first screen shows; the server names their files in every
 * page, so they download beside the code (LIGHT8).
 */
const participantNamespaces = [...firstScreenNamespaces];
/** The ballots' and the café's strings come with their code (ParticipantView, loadWithStrings). */
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

const lng = initialLanguage();
applyToDocument(lng);

/** Resolves once the first screen's strings are here; main.tsx renders after it. */
export const i18nReady: Promise<unknown> = i18n
  .use(catalogues)
  .use(localNumbers)
  .use(initReactI18next)
  .init({
    // Feature screens keep their strings in catalogues of their own: "voting", "cafe" (phones and
    // projector), "cafeConsole" (the facilitator's café screens), "records", "reach" (the reach
    // report) and "aboutYou" (the optional steps after joining, loaded when they show).
    ns: participantNamespaces,
    defaultNS: 'translation',
    lng,
    // Bengali has every English string (catalogues.test.ts), so a Bengali phone need not also
    // download the English catalogues as a fallback.
    fallbackLng: false,
    supportedLngs: [...supportedLanguages],
    load: 'languageOnly',
    // React escapes text itself; escaping twice would show "&amp;" in titles.
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false,
  });

/** A feature's code and its catalogue, fetched side by side; resolves with the code. */
export async function loadWithStrings<M>(load: () => Promise<M>, ns: FeatureNamespace): Promise<M> {
  const [module] = await Promise.all([load(), i18n.loadNamespaces(ns)]);
  return module;
}

/**
 * Refusals' sentences (LANG1), a hundred of them, are kept out of the first screen's download:
 * a phone fetches them once it is in the room (ParticipantView), staff pages with theirs.
 */
export function loadReasonStrings(): void {
  void i18n.loadNamespaces('reasons');
}

/** The facilitators' and projector's pages call this before they show (App.tsx). */
export async function loadStaffCatalogues(): Promise<void> {
  if (!withStaffStrings) {
    withStaffStrings = true;
    await i18n.reloadResources(undefined, ['translation']);
  }
  await i18n.loadNamespaces(staffNamespaces);
}

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
