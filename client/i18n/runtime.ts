/// <reference types="vite/client" />
import { catalogueFile } from '../../shared/domain/languages.ts';
import { localNumbers } from './numbers.ts';
import { defaultNamespace, Translator, type Catalogue, type TFunction } from './translator.ts';

/**
 * The page's one translator, and which catalogues it has. Nothing here touches the page (no
 * `window`, no `document`): index.ts decides the language and starts it, so a component's unit
 * test can import `useTranslation` without a browser.
 *
 * Catalogues load per language, on demand, each its own file: a phone downloads the participant
 * screens' strings in the language it shows, not every language's strings for every screen.
 * Vite turns each JSON file into a hashed chunk (cached for good, see LIGHT4).
 */
const files = import.meta.glob<{ default: Catalogue }>('./*.json');
const fileOf = (lng: string, ns: string) => `./${catalogueFile(lng, ns)}`;

const translator = new Translator({ language: 'en', format: localNumbers });

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
  if (ns !== defaultNamespace || !withStaffStrings || !staff) return own;
  return { ...(await staff()).default, ...own };
}

/** Each catalogue's load by `lng|ns`, pending or done: a file is fetched once. */
const loads = new Map<string, Promise<void>>();
/**
 * Loads that have finished, whether or not the file came. A failed one is not tried again (as
 * with i18next): a screen waiting for it shows its keys rather than waiting for ever.
 */
const settled = new Set<string>();
/** Every namespace asked for: a language change fetches them all before it switches. */
const wanted = new Set<string>();

/** Bumped whenever what `t` says may have changed: a catalogue arrived, the language changed. */
let version = 0;
const listeners = new Set<() => void>();
const languageListeners = new Set<(code: string) => void>();

function changed() {
  version += 1;
  for (const listener of listeners) listener();
}

function load(lng: string, ns: string, again = false): Promise<void> {
  const id = `${lng}|${ns}`;
  const known = loads.get(id);
  if (known && !again) return known;
  const pending: Promise<void> = readCatalogue(lng, ns)
    .then(
      // A reload (staff strings merged in) may overtake a first load: the last one asked wins.
      (catalogue) => {
        if (loads.get(id) === pending) translator.add(lng, ns, catalogue);
      },
      () => undefined,
    )
    .finally(() => {
      settled.add(id);
      changed();
    });
  loads.set(id, pending);
  return pending;
}

/** Fetches namespaces in a language (the current one unless named); never rejects. */
export async function loadNamespaces(
  ns: string | readonly string[],
  lng: string = translator.language,
): Promise<void> {
  const names = typeof ns === 'string' ? [ns] : ns;
  for (const name of names) wanted.add(name);
  await Promise.all(names.map((name) => load(lng, name)));
}

/** Whether `t` can say a namespace's strings in the current language (or it has given up). */
export function hasLoadedNamespace(ns: string): boolean {
  return settled.has(`${translator.language}|${ns}`);
}

/** Merges the staff strings into the default namespace, in every language loaded so far too. */
export async function includeStaffStrings(): Promise<void> {
  if (withStaffStrings) return;
  withStaffStrings = true;
  const loaded = [...loads.keys()]
    .map((id) => id.split('|') as [string, string])
    .filter(([, ns]) => ns === defaultNamespace);
  await Promise.all(loaded.map(([lng, ns]) => load(lng, ns, true)));
}

let changingTo: string | undefined;

/**
 * Switches once the new language's catalogues (every namespace asked for so far) are here, so no
 * screen flashes keys; of several quick changes, the last one wins.
 */
export async function changeLanguage(code: string): Promise<void> {
  changingTo = code;
  await loadNamespaces([...wanted], code);
  if (changingTo !== code || translator.language === code) return;
  translator.language = code;
  for (const listener of languageListeners) listener(code);
  changed();
}

/**
 * Sets the first language and fetches the first screen's namespaces; listeners then hear of the
 * language as of a change (i18next did the same: the page remembers it like a choice).
 */
export async function startI18n(lng: string, namespaces: readonly string[]): Promise<void> {
  translator.language = lng;
  await loadNamespaces(namespaces);
  for (const listener of languageListeners) listener(lng);
  changed();
}

export function onLanguageChanged(listener: (code: string) => void): void {
  languageListeners.add(listener);
}

/** For `useSyncExternalStore`. */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const snapshot = (): number => version;

const fixedTs = new Map<string, TFunction>();

/**
 * A namespace's `t`. It speaks whichever language is current when called, but a new one is made
 * for each language, so a memo or an effect that lists `t` runs again when the language changes.
 */
export function fixedT(ns: string = defaultNamespace): TFunction {
  const id = `${translator.language}|${ns}`;
  let t = fixedTs.get(id);
  if (!t) {
    t = translator.getFixedT(null, ns);
    fixedTs.set(id, t);
  }
  return t;
}

/** What components and start-up code use of the translator: i18next's names, where it had them. */
export const i18n = {
  get language(): string {
    return translator.language;
  },
  t: (key: string, options?: Parameters<TFunction>[1]) => translator.translate(key, options),
  loadNamespaces,
  /** The default namespace in other languages (the projector's "join" line in each, LANG9). */
  loadLanguages: (codes: readonly string[]) =>
    Promise.all(codes.map((lng) => loadNamespaces(defaultNamespace, lng))).then(() => undefined),
  hasResourceBundle: (lng: string, ns: string) => translator.has(lng, ns),
  changeLanguage,
};

export type I18n = typeof i18n;
